import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

export type LocalS3 = {
  /** The variables that point the file store at this server (FILE_STORE=s3 and the S3_* settings). */
  env: Record<string, string>;
  /** Where the server keeps objects (one folder per bucket, then the key). */
  dir: string;
  bucket: string;
  close(): Promise<void>;
};

/**
 * A local S3-compatible server (s3rver) on a random loopback port with its own temporary folder
 * and one bucket, for tests of the S3 file store: no Docker, no network.
 */
export async function startLocalS3(): Promise<LocalS3> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clearbook-s3-"));
  const bucket = "clearbook-test";
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  return {
    env: {
      FILE_STORE: "s3",
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_BUCKET: bucket,
      S3_REGION: "us-east-1",
      // s3rver's fixed development credentials.
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_FORCE_PATH_STYLE: "true",
    },
    dir,
    bucket,
    async close() {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
