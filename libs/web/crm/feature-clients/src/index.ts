export { ClientsPage, toClientFilter, EMPTY_FILTER } from './lib/clients-page';
