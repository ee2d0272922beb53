import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

export type S3Config = {
  bucket: string;
  region: string;
  /** Unset → AWS itself. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** Unset → the SDK's default credential chain (environment, instance role…). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

/** Parts of a multipart upload; S3's minimum part is 5 MiB, so at most PART_BYTES × (QUEUE + 1) is held in memory. */
const PART_BYTES = 8 * 1024 * 1024;
const QUEUE = 2;

export type S3Transport = {
  /** Stream `body` to `key` (multipart when large), reporting bytes uploaded; an error midway aborts the upload, leaving no object. */
  put(
    key: string,
    body: AsyncIterable<Uint8Array>,
    contentType: string,
    onUploaded?: (bytes: number) => void,
  ): Promise<void>;
  /** The object's bytes as they arrive. */
  get(key: string): Promise<AsyncIterable<Uint8Array>>;
  /** Deleting a missing object is not an error (S3 answers 204 for both). */
  remove(key: string): Promise<void>;
  /** A presigned GET of `key`, valid `expiresIn` seconds, answering with the given response headers. */
  presignGet(
    key: string,
    o: { expiresIn: number; contentType: string; contentDisposition: string; cacheControl: string },
  ): Promise<string>;
};

/** The missing object, told apart from the bucket being unreachable. */
export class S3ObjectMissing extends Error {
  override readonly name = "S3ObjectMissing";
}

/** A typed S3 client for one bucket (AWS, or any S3-compatible server: MinIO, R2, s3rver in tests). */
export function createS3Transport(config: S3Config): S3Transport {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: config.credentials,
    // Checksums only where S3 requires them: S3-compatible servers do not all accept the
    // streaming-trailer checksums the SDK otherwise adds to every upload.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = config.bucket;
  return {
    async put(key, body, contentType, onUploaded) {
      // The body's own failure is the one to report, even when aborting the upload fails after it.
      let bodyError: unknown;
      async function* guarded() {
        try {
          yield* body;
        } catch (err) {
          bodyError = err;
          throw err;
        }
      }
      const upload = new Upload({
        client,
        params: { Bucket, Key: key, Body: Readable.from(guarded(), { objectMode: false }), ContentType: contentType },
        partSize: PART_BYTES,
        queueSize: QUEUE,
        leavePartsOnError: false,
      });
      if (onUploaded) upload.on("httpUploadProgress", (p) => p.loaded !== undefined && onUploaded(p.loaded));
      try {
        await upload.done();
      } catch (err) {
        if (bodyError === undefined || err === bodyError) throw err;
        console.error(
          `[s3] s3://${Bucket}/${key}: aborting the upload failed (a bucket lifecycle rule clears such parts): ${String(err)}`,
        );
        throw bodyError;
      }
    },
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!out.Body) throw new S3ObjectMissing(`s3://${Bucket}/${key} has no body`);
        return out.Body as Readable;
      } catch (err) {
        if (err instanceof NoSuchKey) throw new S3ObjectMissing(`s3://${Bucket}/${key} does not exist`);
        throw err;
      }
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    presignGet: (key, o) =>
      getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket,
          Key: key,
          ResponseContentType: o.contentType,
          ResponseContentDisposition: o.contentDisposition,
          ResponseCacheControl: o.cacheControl,
        }),
        { expiresIn: o.expiresIn },
      ),
  };
}
