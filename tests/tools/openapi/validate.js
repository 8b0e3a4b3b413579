// Validates an OpenAPI 3 document (file path in argv[2]) with swagger-parser:
// the official OpenAPI 3.0 JSON schema plus the parser's semantic checks
// (resolvable $refs, unique operationIds, declared path parameters).
'use strict';
const SwaggerParser = require('@apidevtools/swagger-parser');

const file = process.argv[2];
SwaggerParser.validate(file)
    .then((api) => {
        const operations = Object.values(api.paths).reduce((n, item) => n + Object.keys(item).length, 0);
        console.log(`valid OpenAPI ${api.openapi}: ${Object.keys(api.paths).length} paths, ${operations} operations`);
    })
    .catch((error) => {
        console.error(`invalid OpenAPI document: ${error.message}`);
        process.exit(1);
    });
