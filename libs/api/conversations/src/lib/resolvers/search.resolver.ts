import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { SearchResultObject } from '../dto/search.object';
import { SearchService } from '../services/search.service';

@Resolver()
export class SearchResolver {
  constructor(private readonly service: SearchService) {}

  @Query(() => SearchResultObject, { description: 'Full-text search over messages and contacts the caller may see; best matches first.' })
  search(
    @CurrentUser() user: AuthUser,
    @Args('query') query: string,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
  ): Promise<SearchResultObject> {
    return this.service.search(user, query, first, after);
  }
}
