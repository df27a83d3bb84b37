/**
 * The words a suspected-problem report is grouped by: "Checkout button does nothing!" and
 * "checkout buttons do nothing" are one problem, "button checkout nothing". Lower-cased
 * (Unicode-aware), split on anything that is not a letter or digit, without filler words,
 * plurals cut to their singular the simple way (a trailing "s", not "ss"), each word once,
 * sorted. Pure: same note, same signature, on every instance.
 */

const STOP_WORDS = new Set(
  (
    "a an and any are as at be been but by can cannot cant could customer customers did do does " +
    "doesnt dont for from get gets got had has have he her him his how i if in into is isnt it its " +
    "just me my no not of on or our out says she so some still than that the their them then there " +
    "they this to too us very was we were what when where which while who will with wont would you your"
  ).split(" "),
);

/** Signatures longer than this are cut: a btree entry must stay small, and so must the row. */
const MAX_SIGNATURE_LENGTH = 500;

function singular(word: string): string {
  return word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
}

export function noteSignature(note: string): string {
  const words = note
    .normalize("NFKC")
    .toLowerCase()
    .replace(/['’]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
    .map(singular);
  const signature = [...new Set(words)].sort().join(" ");
  return signature.length > MAX_SIGNATURE_LENGTH
    ? signature.slice(0, MAX_SIGNATURE_LENGTH).replace(/\s+\S*$/, "")
    : signature;
}
