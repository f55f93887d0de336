/* The browser's copy of generator/search/names.py: the same steps, fed the same tables
   (the build puts them in place of the null below). The test suite checks that both give the
   same terms. */
(function () {
  "use strict";
  var T = /* tables */ null;
  var drop = new RegExp("[" + T.apostrophes.replace(/[\\\]^-]/g, "\\$&") + "]", "g");
  var rules = T.rules.map(function (r) { return [new RegExp(r[0], "g"), r[1]]; });
  var marks = /\p{Mn}/gu, token = /[\p{L}\p{N}]+/gu, abd = /^abd(?:[aeiou]l|[aeiou])?(.*)$/, latin = /[a-z]/;
  var leading = T.vowels.slice(0, 5);

  function tokens(text) {
    text = String(text).toLowerCase().replace(drop, "").normalize("NFKD").replace(marks, "");
    var out = "";
    for (var ch of text) out += Object.prototype.hasOwnProperty.call(T.letters, ch) ? T.letters[ch] : ch;
    return out.match(token) || [];
  }

  function collapse(word) {
    var out = "";
    for (var i = 0; i < word.length; i++) if (i === 0 || word[i] !== word[i - 1]) out += word[i];
    return out;
  }

  function skeleton(word) {
    for (var i = 0; i < rules.length; i++) word = word.replace(rules[i][0], rules[i][1]);
    word = collapse(word);
    if (!word) return "";
    var out = leading.indexOf(word[0]) >= 0 ? "a" : word[0];
    for (var j = 1; j < word.length; j++) if (T.vowels.indexOf(word[j]) < 0) out += word[j];
    return collapse(out);
  }

  function words(tok) {
    if (T.articles.indexOf(tok) >= 0) return [];
    if (tok.startsWith("ال") && tok.length - 2 >= T.minPart) return words(tok.slice(2));
    if (tok.startsWith("عبد") && tok.length - 3 >= T.minPart) return ["عبد"].concat(words(tok.slice(3)));
    var m = abd.exec(tok);
    if (m) return m[1].length >= T.minPart ? ["abd"].concat(words(m[1])) : ["abd"];
    if ((tok.startsWith("al") || tok.startsWith("el")) && tok.length - 2 >= T.minPart) return [tok, tok.slice(2)];
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
