import { NestExpressApplication } from '@nestjs/platform-express';
import { PAYLOAD_TOO_LARGE } from '@parley/api/platform/graphql';
import { json, NextFunction, Request, Response } from 'express';

/** Largest JSON body /graphql accepts; operator queries and mutations are a few KB. */
export const GRAPHQL_BODY_LIMIT = 100 * 1024;

/**
 * Parses /graphql bodies with a 100 KB cap before the app-wide parser: a larger body is answered
 * 413 with a GraphQL-shaped coded error (PAYLOAD_TOO_LARGE) and never parsed or executed.
 */
export function installGraphqlBodyLimit(app: NestExpressApplication): void {
  app.use('/graphql', json({ limit: GRAPHQL_BODY_LIMIT }), (err: { type?: string; status?: number } | undefined, _req: Request, res: Response, next: NextFunction) => {
    if (err?.type === 'entity.too.large' || err?.status === 413) {
      res.status(413).json({ errors: [{ message: `The request body is larger than ${GRAPHQL_BODY_LIMIT / 1024} KB.`, extensions: { code: PAYLOAD_TOO_LARGE, limit: GRAPHQL_BODY_LIMIT } }] });
      return;
    }
    next(err);
  });
}
