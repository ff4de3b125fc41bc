import nx from "@nx/eslint-plugin";
import baseConfig from "../../eslint.config.mjs";

/** The Angular rules of the operator app and every web library (each library's eslint.config.mjs spreads this). */
export default [
    ...nx.configs["flat/angular"],
    ...nx.configs["flat/angular-template"],
    ...baseConfig,
    {
        files: [
            "**/*.ts"
        ],
        rules: {
            "@angular-eslint/directive-selector": [
                "error",
                {
                    type: "attribute",
                    prefix: "pl",
                    style: "camelCase"
                }
            ],
            "@angular-eslint/component-selector": [
                "error",
                {
                    type: "element",
                    prefix: "pl",
                    style: "kebab-case"
                }
            ]
        }
    }
];
