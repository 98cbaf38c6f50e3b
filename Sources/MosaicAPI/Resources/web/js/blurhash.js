// BlurHash decoding (the format is public: base-83 digits, a DC colour and AC cosine coefficients), used
// only if the server sends BlurHash strings as placeholders. Decodes to a 32×32 PNG data URL.
const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

function decode83(s) { let v = 0; for (const c of s) { const d = digits.indexOf(c); if (d < 0) throw new Error("blurhash"); v = v * 83 + d; } return v; }
const toLinear = (v) => { const x = v / 255; return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
const toSRGB = (v) => { const x = Math.max(0, Math.min(1, v)); return Math.round((x <= 0.0031308 ? x * 12.92 : 1.055 * x ** (1 / 2.4) - 0.055) * 255); };
const signPow = (v, e) => Math.sign(v) * Math.abs(v) ** e;

const cache = new Map();

export function blurhashToDataURL(hash, size = 32) {
  if (cache.has(hash)) return cache.get(hash);
  if (hash.length < 6) throw new Error("blurhash");
  const sizeFlag = decode83(hash[0]);
  const nx = (sizeFlag % 9) + 1, ny = Math.floor(sizeFlag / 9) + 1;
  if (hash.length !== 4 + 2 * nx * ny) throw new Error("blurhash");
  const maxAC = (decode83(hash[1]) + 1) / 166;
  const colors = [];
  const dc = decode83(hash.slice(2, 6));
  colors.push([toLinear(dc >> 16), toLinear((dc >> 8) & 255), toLinear(dc & 255)]);
  for (let i = 1; i < nx * ny; i++) {
    const v = decode83(hash.slice(4 + i * 2, 6 + i * 2));
    const q = [Math.floor(v / 361), Math.floor(v / 19) % 19, v % 19];
    colors.push(q.map((c) => signPow((c - 9) / 9, 2) * maxAC));
  }
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(size, size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    let r = 0, g = 0, b = 0;
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const basis = Math.cos((Math.PI * x * i) / size) * Math.cos((Math.PI * y * j) / size);
      const c = colors[i + j * nx];
      r += c[0] * basis; g += c[1] * basis; b += c[2] * basis;
    }
    const o = 4 * (x + y * size);
    img.data[o] = toSRGB(r); img.data[o + 1] = toSRGB(g); img.data[o + 2] = toSRGB(b); img.data[o + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  const out = canvas.toDataURL();
  cache.set(hash, out);
  return out;
}
