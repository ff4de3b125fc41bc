export { InvitePage } from './lib/invite-page';
export { LoginPage } from './lib/login-page';
