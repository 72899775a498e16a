/**
 * Splits a command-line string into words the way Python's shlex.split (POSIX mode) does, which
 * is how Supervisor splits a program's `command`: blanks separate words; single quotes keep
 * everything literally; double quotes keep blanks, with backslash escaping `"`, `\`, `$` and `` ` ``;
 * a backslash outside quotes escapes the next character. Unbalanced quotes are an error.
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && '"\\$`'.includes(text[index + 1] ?? '')) word += text[++index] ?? '';
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\') {
      if (index + 1 >= text.length) throw new Error('no escaped character after the final backslash');
      word += text[++index] ?? '';
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new Error(`no closing quotation (${quote})`);
  if (inWord) words.push(word);
  return words;
}
