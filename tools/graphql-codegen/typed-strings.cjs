// graphql-codegen plugin: for every operation of the web app, a typed alias of the very string the
// app sends (no printed copy): `export const LoginDocument = LOGIN as TypedDocumentString<LoginMutation,
// LoginMutationVariables>`. ApiClient.request infers the result and the variables from it.
const path = require('node:path');
const { parse } = require('graphql');
const { exportedDocuments } = require('./operations.cjs');

const SUFFIX = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' };
const pascal = (name) => name.charAt(0).toUpperCase() + name.slice(1);

module.exports = {
  plugin(_schema, documents, _config, info) {
    const outDir = path.dirname(path.resolve(info.outputFile));
    const imports = [];
    const aliases = [];
    const files = [...new Set(documents.map((doc) => doc.location))].sort();
    for (const file of files) {
      let spec = path.relative(outDir, path.resolve(file)).replace(/\\/g, '/').replace(/\.ts$/, '');
      if (!spec.startsWith('.')) spec = `./${spec}`;
      const names = [];
      for (const { exportName, text } of exportedDocuments(file)) {
        for (const def of parse(text).definitions) {
          if (def.kind !== 'OperationDefinition' || !def.name) continue;
          const base = pascal(def.name.value);
          const suffix = SUFFIX[def.operation];
          const type = base.endsWith(suffix) ? base : base + suffix;
          names.push(exportName);
          aliases.push(`export const ${base}Document = ${exportName} as unknown as TypedDocumentString<${type}, ${type}Variables>;`);
        }
      }
      // a namespace per module: two modules may export the same name (CHANNELS in admin and inbox)
      const ns = spec.replace(/^[./]+/, '').replace(/[-/.](\w)/g, (_m, c) => c.toUpperCase());
      imports.push(`import * as ${ns} from '${spec}';`);
      for (const [i, name] of names.entries()) aliases[aliases.length - names.length + i] = aliases[aliases.length - names.length + i].replace(` = ${name} as`, ` = ${ns}.${name} as`);
    }
    return {
      prepend: [
        ...imports,
        // the shape of @graphql-typed-document-node/core's DocumentTypeDecoration, without the dependency
        '/** A document as the app sends it (a string), typed with its result and variables. */\n' +
          'export type TypedDocumentString<TResult, TVariables> = string & { __apiType?: (variables: TVariables) => TResult };',
      ],
      content: aliases.join('\n') + '\n',
    };
  },
};
