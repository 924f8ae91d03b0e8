import { describe, expect, it } from "vitest";
import { addRegistration, registrationState, removeRegistration, REGISTRATION_MARKER } from "./plugin-registration";

const index = `import { handler as defaultregexMatch } from './default/regexMatch';

export const plugins = {
  default: {
    regexMatch: defaultregexMatch,
  },
};
`;

describe("addRegistration", () => {
  it("should add one import and one map entry, both marked", () => {
    const { source, changed } = addRegistration(index);
    expect(changed).toBe(true);
    expect(source).toBe(`import { handler as defaultregexMatch } from './default/regexMatch';

import { handler as aktoGuardrailsScan } from './akto/scan'; ${REGISTRATION_MARKER}
export const plugins = {
  akto: { scan: aktoGuardrailsScan }, ${REGISTRATION_MARKER}
  default: {
    regexMatch: defaultregexMatch,
  },
};
`);
    expect(registrationState(source)).toBe("ours");
  });

  it("should be idempotent", () => {
    const once = addRegistration(index).source;
    expect(addRegistration(once)).toEqual({ source: once, changed: false });
  });

  it("should leave an index that already registers akto alone", () => {
    const preexisting = index.replace("export const plugins = {", "import { handler as aktoScan } from './akto/scan';\nexport const plugins = {\n  akto: { scan: aktoScan },");
    expect(registrationState(preexisting)).toBe("pre-existing");
    expect(addRegistration(preexisting)).toEqual({ source: preexisting, changed: false });
  });

  it("should keep CRLF line endings", () => {
    const crlf = index.replace(/\n/g, "\r\n");
    const { source } = addRegistration(crlf);
    expect(source.replace(/\r\n/g, "")).not.toContain("\n");
    expect(removeRegistration(source).source).toBe(crlf);
  });

  it("should refuse an index without a plugin map", () => {
    expect(() => addRegistration("export default {};\n")).toThrow(expect.objectContaining({ code: "ERR_PLUGIN_INDEX_UNRECOGNISED" }));
  });
});

describe("removeRegistration", () => {
  it("should restore the index exactly", () => {
    expect(removeRegistration(addRegistration(index).source)).toEqual({ source: index, changed: true });
    expect(removeRegistration(index)).toEqual({ source: index, changed: false });
  });
});
