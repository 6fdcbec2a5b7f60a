import { assertEquals } from "../../tests/assert.ts";
import { parseSnmpScanAttrs } from "./scan_snmp.ts";

Deno.test({
  name: "nutconf --scan-snmp attributes: NUT 2.8.2's names and errors",
  permissions: "none",
  fn() {
    assertEquals(parseSnmpScanAttrs([]), {
      timeoutUs: 1_000_000,
      security: {},
      errors: [],
    });
    assertEquals(
      parseSnmpScanAttrs([
        "timeout=250000",
        "community=private",
        "sec-level=authPriv",
        "sec-name=me",
        "auth-password=a=b",
        "priv-password=secret2",
        "auth-protocol=SHA",
        "priv-protocol=AES",
        "peer-name=ups.example",
      ]),
      {
        timeoutUs: 250_000,
        security: {
          community: "private",
          secLevel: "authPriv",
          secName: "me",
          authPassword: "a=b",
          privPassword: "secret2",
          authProtocol: "SHA",
          privProtocol: "AES",
        },
        errors: [],
      },
    );
    // an empty value leaves the default in place, as NUT's empty() checks do
    assertEquals(parseSnmpScanAttrs(["community="]).security, {});
    assertEquals(parseSnmpScanAttrs(["public", "port=1", "timeout=x"]).errors, [
      'Error: Invalid SNMP attribute specification: "public"',
      'Error: Unknown SNMP attribute: "port"',
      'Error: Invalid SNMP timeout specification: "x"',
    ]);
  },
});
