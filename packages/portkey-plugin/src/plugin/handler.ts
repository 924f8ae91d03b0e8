import { createAktoPluginHandler } from "./create-akto-plugin-handler";

/**
 * The handler Portkey imports from `plugins/akto/scan.ts` (`akto.scan`), for both hooks. Its breakers live as
 * long as the gateway process (or workerd isolate): that is the only state kept between requests.
 */
export const handler = createAktoPluginHandler();
