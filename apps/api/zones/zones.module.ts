import { Module } from '@nestjs/common';
import { TenancyService } from '../common/tenancy.service';
import { AccountZonesController } from './account-zones.controller';
import { ZonesController } from './zones.controller';

/** Zones: onboarding (one or bulk), detail with scan history, pause, delete, scan now. */
@Module({ controllers: [ZonesController, AccountZonesController], providers: [TenancyService] })
export class ZonesModule {}
