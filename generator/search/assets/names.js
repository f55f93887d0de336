/* The browser's copy of generator/model/names.py: the same steps, fed the same tables
   (the build puts them in place of the null below). The test suite checks that both give
   the same terms. Words are handled as arrays of code points, as Python's strings are. */
(function () {
  "use strict";
  var T = /* tables */ null;
  var drop = new RegExp("[" + T.apostrophes.replace(/[\\\]^-]/g, "\\$&") + "]", "g");
  var rules = T.rules.map(function (r) { return [new RegExp(r[0], "g"), r[1]]; });
  var marks = /[\p{Mn}\p{Cf}]/gu, token = /[\p{L}\p{N}]+/gu, abd = /^abd(?:[aeiou]l|[aeiou])?(.*)$/, latin = /[a-z]/;
  var leading = T.vowels.slice(0, 5);

  function length(text) { return Array.from(text).length; }

  function tokens(text) {
    text = String(text).replace(drop, "").normalize("NFKD").toLowerCase().replace(marks, "");
    var out = "";
    for (var ch of text) out += Object.prototype.hasOwnProperty.call(T.letters, ch) ? T.letters[ch] : ch;
    return out.replace(drop, "").match(token) || [];
  }

  function collapse(chars) {
    return chars.filter(function (ch, i) { return i === 0 || ch !== chars[i - 1]; });
  }

  function skeleton(word) {
    for (var i = 0; i < rules.length; i++) word = word.replace(rules[i][0], rules[i][1]);
    var chars = Array.from(word), n = chars.length;
    if (n > 1 && chars[n - 1] === "h" && T.finalH.indexOf(chars[n - 2]) >= 0) chars.pop();
    chars = collapse(chars);
    if (!chars.length) return "";
    var out = [leading.indexOf(chars[0]) >= 0 ? "a" : chars[0]];
    for (var j = 1; j < chars.length; j++) if (T.vowels.indexOf(chars[j]) < 0) out.push(chars[j]);
    return collapse(out).join("");
  }

  function words(tok) {
    if (T.articles.indexOf(tok) >= 0) return [];
    if (tok.startsWith("ال") && length(tok) - 2 >= T.minPart) return words(tok.slice(2));
    if (tok.startsWith("عبد") && length(tok) - 3 >= T.minPart) return ["عبد"].concat(words(tok.slice(3)));
    var m = abd.exec(tok);
    if (m) return length(m[1]) >= T.minPart ? ["abd"].concat(words(m[1])) : ["abd"];
    if ((tok.startsWith("al") || tok.startsWith("el")) && length(tok) - 2 >= T.minPart) return [tok, tok.slice(2)];
    return [tok];
  }

  function expand(tok) {
    var out = [];
    words(tok).forEach(function (word) {
      [word, latin.test(word) ? "~" + skeleton(word) : ""].forEach(function (term) {
        if (term && term !== "~" && out.indexOf(term) < 0) out.push(term);
      });
    });
    return out;
  }

  function terms(text) {
    var out = [];
    tokens(text).forEach(function (tok) { out.push.apply(out, expand(tok)); });
    return out;
  }

  window.dfxNames = { tokens: tokens, expand: expand, terms: terms, skeleton: skeleton };
})();
