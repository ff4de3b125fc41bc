export { SearchBox } from './lib/search-box';
