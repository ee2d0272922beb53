import { describe, expect, it } from "vitest";
import { blockedAddressReason, checkAddress } from "./ssrf";
import { postWebhook } from "./send";

describe("SSRF guard", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.10", "private"],
    ["169.254.169.254", "link-local (cloud metadata)"],
    ["100.64.0.1", "shared (carrier-grade NAT)"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["fd00:ec2::254", "private (unique local, incl. fd00:ec2::254 metadata)"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:169.254.169.254", "link-local (cloud metadata)"],
    ["64:ff9b::a00:1", "private"],
  ])("refuses %s (%s)", (ip, why) => {
    expect(blockedAddressReason(ip)).toBe(why);
  });

  it.each(["8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:4700::1111", "::ffff:1.1.1.1"])("allows public %s", (ip) => {
    expect(blockedAddressReason(ip)).toBeNull();
  });

  it("allows loopback only when the setting says so, and never private or metadata addresses", () => {
    expect(checkAddress("localhost", "127.0.0.1", { allowLoopback: true })).toBeNull();
    expect(checkAddress("localhost", "127.0.0.1", { allowLoopback: false })?.reason).toBe("loopback");
    expect(checkAddress("x", "169.254.169.254", { allowLoopback: true })?.reason).toMatch(/metadata/);
    expect(checkAddress("x", "10.0.0.1", { allowLoopback: true })?.reason).toBe("private");
  });

  it("refuses at connection time: a literal address and a name that resolves to loopback never get a request", async () => {
    const opts = { allowLoopback: false, timeoutMs: 2_000 };
    const literal = await postWebhook("http://127.0.0.1:9/x", "{}", {}, opts);
    expect(literal).toMatchObject({ status: null, error: expect.stringMatching(/loopback/) });
    const named = await postWebhook("http://localhost:9/x", "{}", {}, opts);
    expect(named).toMatchObject({ status: null, error: expect.stringMatching(/loopback/) });
    const metadata = await postWebhook("http://169.254.169.254/latest/meta-data", "{}", {}, opts);
    expect(metadata.error).toMatch(/metadata/);
  });
});
