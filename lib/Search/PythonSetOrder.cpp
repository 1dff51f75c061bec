//===- PythonSetOrder.cpp - ZigZag's set iteration orders -----------------===//

#include "zigzag/Search/PythonSetOrder.h"

#include <cctype>
#include <cstring>

namespace zigzag {

// FIPS 180-4 constants: fractional parts of cube roots of the first 80 primes
// and of square roots of the first 8 primes.
constexpr uint64_t kRoundConstants[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL,
    0xe9b5dba58189dbbcULL, 0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL,
    0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL, 0xd807aa98a3030242ULL,
    0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL,
    0xc19bf174cf692694ULL, 0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL,
    0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL, 0x2de92c6f592b0275ULL,
    0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL,
    0xbf597fc7beef0ee4ULL, 0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL,
    0x06ca6351e003826fULL, 0x142929670a0e6e70ULL, 0x27b70a8546d22ffcULL,
    0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL,
    0x92722c851482353bULL, 0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL,
    0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL, 0xd192e819d6ef5218ULL,
    0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL,
    0x34b0bcb5e19b48a8ULL, 0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL,
    0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL, 0x748f82ee5defb2fcULL,
    0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL,
    0xc67178f2e372532bULL, 0xca273eceea26619cULL, 0xd186b8c721c0c207ULL,
    0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL, 0x06f067aa72176fbaULL,
    0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL,
    0x431d67c49c100d4cULL, 0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL,
    0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};
constexpr uint64_t kInitialHash[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
    0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
    0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static uint64_t rotr(uint64_t x, unsigned n) {
  return (x >> n) | (x << (64 - n));
}

static void compressBlock(uint64_t state[8], const uint8_t *block) {
  uint64_t w[80];
  for (unsigned t = 0; t < 16; ++t) {
    w[t] = 0;
    for (unsigned b = 0; b < 8; ++b)
      w[t] = (w[t] << 8) | block[t * 8 + b];
  }
  for (unsigned t = 16; t < 80; ++t) {
    uint64_t s0 = rotr(w[t - 15], 1) ^ rotr(w[t - 15], 8) ^ (w[t - 15] >> 7);
    uint64_t s1 = rotr(w[t - 2], 19) ^ rotr(w[t - 2], 61) ^ (w[t - 2] >> 6);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  uint64_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint64_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (unsigned t = 0; t < 80; ++t) {
    uint64_t s1 = rotr(e, 14) ^ rotr(e, 18) ^ rotr(e, 41);
    uint64_t ch = (e & f) ^ (~e & g);
    uint64_t t1 = h + s1 + ch + kRoundConstants[t] + w[t];
    uint64_t s0 = rotr(a, 28) ^ rotr(a, 34) ^ rotr(a, 39);
    uint64_t maj = (a & b) ^ (a & c) ^ (b & c);
    uint64_t t2 = s0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

/// pickle.dumps(text) with Python 3.11's default protocol 4 (one frame).
static std::string pickleString(std::string_view text) {
  std::string body;
  if (text.size() < 256) {
    body += '\x8c'; // SHORT_BINUNICODE
    body += static_cast<char>(text.size());
  } else {
    body += 'X'; // BINUNICODE
    uint32_t n = static_cast<uint32_t>(text.size());
    for (unsigned i = 0; i < 4; ++i)
      body += static_cast<char>((n >> (8 * i)) & 0xff);
  }
  body.append(text);
  body += '\x94';                   // MEMOIZE
  body += '.';                      // STOP
  std::string out = "\x80\x04\x95"; // PROTO 4, FRAME
  uint64_t frame = body.size();
  for (unsigned i = 0; i < 8; ++i)
    out += static_cast<char>((frame >> (8 * i)) & 0xff);
  return out + body;
}

/// pickle.dumps(cls) for a class `module.name`: a STACK_GLOBAL reference.
static std::string pickleClass(std::string_view module, std::string_view name) {
  std::string body;
  for (std::string_view part : {module, name}) {
    body += '\x8c';
    body += static_cast<char>(part.size());
    body.append(part);
    body += '\x94';
  }
  body += '\x93'; // STACK_GLOBAL
  body += '\x94';
  body += '.';
  std::string out = "\x80\x04\x95";
  uint64_t frame = body.size();
  for (unsigned i = 0; i < 8; ++i)
    out += static_cast<char>((frame >> (8 * i)) & 0xff);
  return out + body;
}

static const std::array<uint8_t, 64> &classDigest(PythonSetKind kind) {
  static const std::array<uint8_t, 64> layerDim =
      sha512(pickleClass("zigzag.datatypes", "LayerDim"));
  static const std::array<uint8_t, 64> oaDim =
      sha512(pickleClass("zigzag.datatypes", "OADimension"));
  return kind == PythonSetKind::LayerDim ? layerDim : oaDim;
}

constexpr unsigned kLinearProbes = 9; // CPython setobject.c LINEAR_PROBES
constexpr unsigned kPerturbShift = 5; // CPython setobject.c PERTURB_SHIFT
constexpr int kEmpty = -1;

namespace {
struct SetEntry {
  uint64_t hash = 0;
  int key = kEmpty;
};
} // namespace

/// set_insert_clean: place a key known to be absent (used when resizing).
static void insertClean(std::vector<SetEntry> &table, uint64_t hash, int key) {
  size_t mask = table.size() - 1;
  size_t perturb = hash;
  size_t i = hash & mask;
  while (true) {
    if (table[i].key == kEmpty)
      break;
    bool found = false;
    if (i + kLinearProbes <= mask) {
      for (unsigned j = 1; j <= kLinearProbes; ++j)
        if (table[i + j].key == kEmpty) {
          i += j;
          found = true;
          break;
        }
    }
    if (found)
      break;
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
  table[i].hash = hash;
  table[i].key = key;
}

std::array<uint8_t, 64> sha512(std::string_view data) {
  uint64_t state[8];
  std::memcpy(state, kInitialHash, sizeof(state));
  size_t full = data.size() / 128;
  for (size_t i = 0; i < full; ++i)
    compressBlock(state,
                  reinterpret_cast<const uint8_t *>(data.data()) + i * 128);
  // Padding: 0x80, zeros, then the 128-bit big-endian message length in bits.
  uint8_t tail[256] = {};
  size_t rest = data.size() - full * 128;
  std::memcpy(tail, data.data() + full * 128, rest);
  tail[rest] = 0x80;
  size_t tailLen = rest + 1 + 16 <= 128 ? 128 : 256;
  uint64_t bits = static_cast<uint64_t>(data.size()) * 8;
  for (unsigned i = 0; i < 8; ++i)
    tail[tailLen - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
  for (size_t off = 0; off < tailLen; off += 128)
    compressBlock(state, tail + off);
  std::array<uint8_t, 64> digest;
  for (unsigned i = 0; i < 8; ++i)
    for (unsigned b = 0; b < 8; ++b)
      digest[i * 8 + b] = static_cast<uint8_t>(state[i] >> (56 - 8 * b));
  return digest;
}

uint64_t zigzagPythonHash(std::string_view name, PythonSetKind kind) {
  // hash_sha512(x) = int(sha512(pickle.dumps(x)).hexdigest(), 16); the
  // 512-bit __hash__ result is reduced by hash(int): modulo 2**61 - 1.
  std::array<uint8_t, 64> digest = sha512(pickleString(name));
  const std::array<uint8_t, 64> &cls = classDigest(kind);
  constexpr unsigned __int128 modulus = (static_cast<uint64_t>(1) << 61) - 1;
  unsigned __int128 value = 0;
  for (unsigned i = 0; i < 64; ++i)
    value = ((value << 8) | static_cast<uint8_t>(digest[i] ^ cls[i])) % modulus;
  return static_cast<uint64_t>(value);
}

std::vector<unsigned> pythonSetOrder(const std::vector<std::string> &names,
                                     PythonSetKind kind) {
  // ZigZag upper-cases LayerDim names (LayerDim("d0").name == "D0").
  std::vector<std::string> keys = names;
  if (kind == PythonSetKind::LayerDim)
    for (std::string &key : keys)
      for (char &c : key)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::vector<SetEntry> table(8);
  size_t fill = 0;
  for (unsigned key = 0; key < keys.size(); ++key) {
    uint64_t hash = zigzagPythonHash(keys[key], kind);
    size_t mask = table.size() - 1;
    size_t perturb = hash;
    size_t i = hash & mask;
    bool present = false;
    size_t slot = 0;
    while (true) {
      size_t probes = i + kLinearProbes <= mask ? kLinearProbes : 0;
      size_t at = i;
      bool done = false;
      for (size_t p = 0; p <= probes; ++p, ++at) {
        const SetEntry &entry = table[at];
        if (entry.key == kEmpty) {
          slot = at;
          done = true;
          break;
        }
        if (entry.hash == hash && keys[entry.key] == keys[key]) {
          present = true;
          done = true;
          break;
        }
      }
      if (done)
        break;
      perturb >>= kPerturbShift;
      i = (i * 5 + 1 + perturb) & mask;
    }
    if (present)
      continue;
    table[slot].hash = hash;
    table[slot].key = static_cast<int>(key);
    ++fill;
    if (fill * 5 < mask * 3)
      continue;
    // set_table_resize(so, used * 4): smallest power of two above used * 4.
    size_t newSize = 8;
    while (newSize <= fill * 4)
      newSize <<= 1;
    std::vector<SetEntry> resized(newSize);
    for (const SetEntry &entry : table)
      if (entry.key != kEmpty)
        insertClean(resized, entry.hash, entry.key);
    table.swap(resized);
  }
  std::vector<unsigned> order;
  for (const SetEntry &entry : table)
    if (entry.key != kEmpty)
      order.push_back(static_cast<unsigned>(entry.key));
  return order;
}

} // namespace zigzag
