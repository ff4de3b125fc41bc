import { ArgumentsHost, Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainException } from './domain.exception';

/**
 * Domain exceptions are answers, not crashes: pass them to the GraphQL error formatter without
 * Nest logging them as unhandled errors. Anything else still reaches Nest's handler and is logged.
 */
@Catch(DomainException)
export class DomainExceptionFilter implements GqlExceptionFilter {
  catch(exception: DomainException, _host: ArgumentsHost): DomainException {
    return exception;
  }
}
