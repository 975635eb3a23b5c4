import { Module } from '@nestjs/common';
import { TenancyService } from '../common/tenancy.service';
import { AccountsController } from './accounts.controller';

/** Accounts: create, list, read, delete. */
@Module({ controllers: [AccountsController], providers: [TenancyService] })
export class AccountsModule {}
