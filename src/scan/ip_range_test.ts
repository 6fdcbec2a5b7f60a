import { assertEquals } from "../../tests/assert.ts";
import {
  cidrToRange,
  expandRange,
  formatIp,
  type IpRange,
  ipRange,
  parseIp,
  rangeSize,
} from "./ip_range.ts";

const pure = { permissions: "none" } as const;

function hosts(start?: string, end?: string): string[] {
  const r = ipRange(start, end);
  if ("error" in r) throw new Error(r.error);
  return [...expandRange(r.range)];
}

Deno.test("ipRange: -s 127.0.0.1 -e 127.0.0.3 expands in order", pure, () => {
  assertEquals(hosts("127.0.0.1", "127.0.0.3"), [
    "127.0.0.1",
    "127.0.0.2",
    "127.0.0.3",
  ]);
});

Deno.test("ipRange: a reversed range is swapped", pure, () => {
  assertEquals(hosts("127.0.0.3", "127.0.0.1"), [
    "127.0.0.1",
    "127.0.0.2",
    "127.0.0.3",
  ]);
});

Deno.test("ipRange: start or end alone is a single host", pure, () => {
  assertEquals(hosts("127.0.0.1"), ["127.0.0.1"]);
  assertEquals(hosts(undefined, "10.0.0.9"), ["10.0.0.9"]);
});

Deno.test("ipRange: crosses octet boundaries", pure, () => {
  assertEquals(hosts("10.0.0.254", "10.0.1.1"), [
    "10.0.0.254",
    "10.0.0.255",
    "10.0.1.0",
    "10.0.1.1",
  ]);
});

Deno.test("ipRange: NUT's messages for bad input", pure, () => {
  assertEquals(ipRange("127.0.0.256"), {
    error: "Invalid address : 127.0.0.256",
  });
  assertEquals(ipRange("127.0.0.1", "nope"), {
    error: "Invalid address : nope",
  });
  assertEquals(ipRange(), { error: "No start IP" });
  assertEquals(ipRange("127.0.0.1", "::1"), { error: "Invalid address : ::1" });
});

Deno.test("cidrToRange: network to broadcast, inclusive", pure, () => {
  assertEquals(cidrToRange("192.168.1.77/30"), {
    start: "192.168.1.76",
    end: "192.168.1.79",
  });
  assertEquals(cidrToRange("127.0.0.1/32"), {
    start: "127.0.0.1",
    end: "127.0.0.1",
  });
  assertEquals(cidrToRange("10.1.2.3/8"), {
    start: "10.0.0.0",
    end: "10.255.255.255",
  });
  const r = ipRange("192.168.1.76", "192.168.1.79");
  if ("error" in r) throw new Error(r.error);
  assertEquals(rangeSize(r.range), 4n);
});

Deno.test(
  "cidrToRange: NUT's warnings; /0 and oversized masks refused",
  pure,
  () => {
    assertEquals(cidrToRange("foo"), {
      error:
        "WARNING: nutscan_cidr_to_ip failed to parse mask from cidr=foo (first_ip=foo)",
    });
    assertEquals(cidrToRange("127.0.0.1/40"), { error: "Bad netmask: 40" });
    assertEquals(cidrToRange("127.0.0.1/0"), { error: "Bad netmask: 0" });
    assertEquals(cidrToRange("127.0.0.1/x"), { error: "Bad netmask: x" });
    assertEquals(cidrToRange("1.2.3/24"), { error: "Invalid address : 1.2.3" });
  },
);

Deno.test("IPv6: parse, format, CIDR and expansion", pure, () => {
  assertEquals(formatIp(parseIp("::1")!), "::1");
  assertEquals(formatIp(parseIp("[2001:db8::10]")!), "2001:db8::10");
  assertEquals(formatIp(parseIp("2001:db8:0:0:1:0:0:1")!), "2001:db8::1:0:0:1");
  assertEquals(formatIp(parseIp("::ffff:1.2.3.4")!), "::ffff:102:304");
  assertEquals(parseIp("1::2::3"), undefined);
  assertEquals(parseIp("1:2:3:4:5:6:7:8:9"), undefined);
  assertEquals(cidrToRange("2001:db8::5/126"), {
    start: "2001:db8::4",
    end: "2001:db8::7",
  });
  const range: IpRange = { family: 6, start: 0n, end: 2n };
  assertEquals([...expandRange(range)], ["::", "::1", "::2"]);
});
