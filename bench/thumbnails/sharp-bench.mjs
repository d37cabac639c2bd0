// sharp (libvips) doing what OpenDrive's renderer does, on the same files:
// EXIF rotate, 200x200 "cover" crop, JPEG quality 80. Prints one JSON line.
//   UV_THREADPOOL_SIZE=2 node sharp-bench.mjs DIR SECONDS
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const [dir, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 10);
sharp.cache(false);      // no result cache: every call decodes its input again
sharp.concurrency(1);    // one libvips thread per image: parallelism comes from concurrent calls

const load = (prefix) => readdirSync(dir).filter((f) => f.startsWith(prefix)).sort()
  .map((f) => readFileSync(join(dir, f)));
const images = load('photo-');
const big = load('big-');

const render = async (buf) => {
  const out = await sharp(buf).rotate().resize(200, 200, { fit: 'cover', position: 'centre' })
    .jpeg({ quality: 80 }).toBuffer();
  if (out.length < 1000) throw new Error('suspiciously small thumbnail');
};

// [images per wall-clock second, process CPU milliseconds per image (all threads)]
async function throughput(workers) {
  let next = 0;
  let done = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  const loop = async () => {
    while (process.hrtime.bigint() < end) {
      await render(images[next++ % images.length]);
      done++;
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
  const cpu = process.cpuUsage(cpuStart);
  return [done / (Number(process.hrtime.bigint() - start) / 1e9), (cpu.user + cpu.system) / 1000 / done];
}

const warmEnd = Date.now() + Math.min(seconds, 5) * 1000;
let warm = 0;
while (Date.now() < warmEnd || warm < 2 * images.length) await render(images[warm++ % images.length]);
const [t1, cpu1] = await throughput(1);
const [t2, cpu2] = await throughput(2);
let bigMs = null;
if (big.length) {
  await render(big[0]);
  const ms = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    await render(big[i % big.length]);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  bigMs = ms[2];
}
const hwm = readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+)/);
console.log(JSON.stringify({
  impl: 'sharp', images: images.length, warmup: warm, t1: +t1.toFixed(2), t2: +t2.toFixed(2),
  cpu1_ms: +cpu1.toFixed(1), cpu2_ms: +cpu2.toFixed(1),
  big_ms: bigMs === null ? null : +bigMs.toFixed(1), rss_mb: Math.round(Number(hwm[1]) / 1024),
  versions: `sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}`,
}));
