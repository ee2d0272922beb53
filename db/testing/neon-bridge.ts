import net from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * A minimal WebSocket→TCP bridge, standing in for Neon's wsproxy so the production Neon
 * driver can be exercised against a plain local PostgreSQL. Test/dev use only.
 * Clients connect to ws://127.0.0.1:<port>/v2?address=<host>:<port>.
 */
export async function startNeonBridge(port = 0): Promise<{ port: number; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port });
  wss.on("connection", (ws: WebSocket, req) => {
    const address = new URL(req.url ?? "/", "http://x").searchParams.get("address") ?? "";
    const [host, portText] = address.split(":");
    if (!host || !portText) return ws.close(1008, "address required");
    const socket = net.connect(Number(portText), host);
    socket.on("data", (chunk) => ws.readyState === ws.OPEN && ws.send(chunk));
    socket.on("close", () => ws.close());
    socket.on("error", () => ws.close());
    ws.on("message", (data) => socket.write(data as Buffer));
    ws.on("close", () => socket.destroy());
  });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const actual = (wss.address() as net.AddressInfo).port;
  return {
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
