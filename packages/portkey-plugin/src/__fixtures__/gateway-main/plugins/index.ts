import { handler as defaultregexMatch } from './default/regexMatch';

export const plugins = {
  default: {
    regexMatch: defaultregexMatch,
  },
};
