export { NotificationsBell } from './lib/notifications-bell';
