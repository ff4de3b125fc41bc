export { ProfilePage } from './lib/profile-page';
