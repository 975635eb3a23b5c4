// What other entry points (npm start) and the tests may use of the API app: build it, then listen.
export { type ApiDeps } from './app.module';
export { createApi } from './create-api';
