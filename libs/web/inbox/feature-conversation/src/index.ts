export { ConversationPage } from './lib/conversation-page';
export { NoConversation } from './lib/no-conversation';
