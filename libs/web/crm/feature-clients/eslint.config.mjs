import webConfig from "../../eslint.config.mjs";

export default [...webConfig];
