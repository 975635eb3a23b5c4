import { Module } from '@nestjs/common';
import { TenancyService } from '../common/tenancy.service';
import { NotificationsController } from './notifications.controller';

/** Notifications: destinations (webhook, email), policies, test sends, the delivery log. */
@Module({ controllers: [NotificationsController], providers: [TenancyService] })
export class NotificationsModule {}
