//! CSS selectors over a [`Document`]: cheerio's `find`, `filter`/`is`/`not` and `closest`.
//! Selectors are compiled once per run and kept in a small cache, since konnectors run the
//! same few selectors once per row.

use std::collections::HashMap;
use std::rc::Rc;

use scraper::ElementRef;

use super::css::{Caches, Selector};

use super::document::{Document, Handle};

/// Compiled selectors kept at most; past it the cache starts over.
const CACHED_SELECTORS: usize = 256;

#[derive(Default)]
pub struct Selectors {
    cache: HashMap<String, Rc<Selector>>,
}

/// Why a selector did not compile, in the words of the parser.
#[derive(Debug)]
pub struct InvalidSelector {
    pub selector: String,
    pub reason: String,
}

impl Selectors {
    pub fn compile(&mut self, selector: &str) -> Result<Rc<Selector>, InvalidSelector> {
        if let Some(compiled) = self.cache.get(selector) {
            return Ok(compiled.clone());
        }
        // cheerio takes a selector starting with a combinator as relative to the context.
        let trimmed = selector.trim_start();
        let source = if trimmed.starts_with(['>', '+', '~']) {
            format!(":scope {}", expand_aliases(trimmed))
        } else {
            expand_aliases(selector)
        };
        let compiled = Rc::new(Selector::parse(&source).map_err(|reason| InvalidSelector {
            selector: selector.to_string(),
            reason,
        })?);
        if self.cache.len() >= CACHED_SELECTORS {
            self.cache.clear();
        }
        self.cache.insert(selector.to_string(), compiled.clone());
        Ok(compiled)
    }
}

/// cheerio's (css-select's) pseudo-classes that are shorthands for standard selectors, by
/// their documented definitions; the selectors crate knows none of them. (`:text` is
/// written without css-select's non-standard `[type!='']`.)
const ALIASES: &[(&str, &str)] = &[
    ("any-link", ":is(a, area, link)[href]"),
    (
        "disabled",
        ":is(:is(button, input, select, textarea, optgroup, option)[disabled], \
         optgroup[disabled] > option, \
         fieldset[disabled]:not(fieldset[disabled] legend:first-of-type *))",
    ),
    ("enabled", ":not(:disabled)"),
    (
        "checked",
        ":is(:is(input[type=radio], input[type=checkbox])[checked], option:selected)",
    ),
    ("required", ":is(input, select, textarea)[required]"),
    ("optional", ":is(input, select, textarea):not([required])"),
    (
        "selected",
        "option:is([selected], \
         select:not([multiple]):not(:has(> option[selected])) > :first-of-type)",
    ),
    ("checkbox", "[type=checkbox]"),
    ("file", "[type=file]"),
    ("password", "[type=password]"),
    ("radio", "[type=radio]"),
    ("reset", "[type=reset]"),
    ("image", "[type=image]"),
    ("submit", "[type=submit]"),
    ("parent", ":not(:empty)"),
    ("header", ":is(h1, h2, h3, h4, h5, h6)"),
    ("button", ":is(button, input[type=button])"),
    ("input", ":is(input, textarea, select, button)"),
    ("text", "input:is(:not([type]), [type=''], [type=text])"),
];

/// `selector` with every alias pseudo-class replaced by `:is(definition)`, recursively;
/// quoted strings and attribute selectors are left alone.
fn expand_aliases(selector: &str) -> String {
    let mut out = String::with_capacity(selector.len());
    let mut chars = selector.char_indices().peekable();
    let (mut quote, mut brackets) = (None, 0usize);
    while let Some((at, c)) = chars.next() {
        out.push(c);
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), '\\') => out.extend(chars.next().map(|(_, c)| c)),
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => brackets += 1,
            (None, ']') => brackets = brackets.saturating_sub(1),
            (None, ':') if brackets == 0 && !selector[..at].ends_with(':') => {
                let rest = &selector[at + 1..];
                let len = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .unwrap_or(rest.len());
                let alias = ALIASES.iter().find(|(name, _)| *name == &rest[..len]);
                if let (Some((_, definition)), false) = (alias, rest[len..].starts_with('(')) {
                    out.pop();
                    out.push_str(":is(");
                    out.push_str(&expand_aliases(definition));
                    out.push(')');
                    for _ in 0..len {
                        chars.next();
                    }
                }
            }
            _ => {}
        }
    }
    out
}

impl Document {
    /// Elements under any of `contexts` that match `selector` (`:scope` being their
    /// context), once each, in document order.
    pub fn find(&self, contexts: &[Handle], selector: &Selector) -> Vec<Handle> {
        let mut found = Vec::new();
        let mut caches = Caches::default();
        for context in self.nodes(contexts) {
            let scope = ElementRef::wrap(context);
            for node in context.descendants().skip(1) {
                if let Some(element) = ElementRef::wrap(node) {
                    if selector.matches(element, scope, &mut caches) {
                        found.push(self.handle(&node));
                    }
                }
            }
        }
        if contexts.len() > 1 {
            found.sort_unstable();
            found.dedup();
        }
        found
    }

    /// The elements of `handles` that match `selector`, in the order given.
    pub fn filter(&self, handles: &[Handle], selector: &Selector) -> Vec<Handle> {
        let mut caches = Caches::default();
        handles
            .iter()
            .copied()
            .filter(|&h| {
                self.node(h)
                    .and_then(ElementRef::wrap)
                    .is_some_and(|element| selector.matches(element, None, &mut caches))
            })
            .collect()
    }

    /// For each node, the nearest element at or above it that matches (a text node starts
    /// at its parent), once each, in the order first reached: cheerio's `closest`.
    pub fn closest(&self, handles: &[Handle], selector: &Selector) -> Vec<Handle> {
        let mut found = Vec::new();
        let mut caches = Caches::default();
        for node in self.nodes(handles) {
            let start = if node.value().is_element() || node.value().is_document() {
                Some(node)
            } else {
                node.parent()
            };
            let hit = start
                .into_iter()
                .flat_map(|n| std::iter::once(n).chain(n.ancestors()))
                .map_while(ElementRef::wrap)
                .find(|element| selector.matches(*element, None, &mut caches));
            if let Some(element) = hit {
                let handle = self.handle(&element);
                if !found.contains(&handle) {
                    found.push(handle);
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(doc: &Document, handles: &[Handle]) -> Vec<String> {
        handles
            .iter()
            .map(|&h| doc.attribute(h, "id").unwrap_or_default())
            .collect()
    }

    const PAGE: &str = "<div id=a><p id=b><span id=c></span></p><p id=d></p></div><p id=e></p>";

    #[test]
    fn find_is_scoped_to_its_contexts_in_document_order() {
        let doc = Document::parse(PAGE);
        let mut selectors = Selectors::default();
        let p = selectors.compile("p").unwrap();
        let all = doc.find(&[0], &p);
        assert_eq!(ids(&doc, &all), ["b", "d", "e"]);
        let div = doc.find(&[0], &selectors.compile("div").unwrap());
        assert_eq!(ids(&doc, &doc.find(&div, &p)), ["b", "d"]);
        let children = doc.find(&div, &selectors.compile("> p").unwrap());
        assert_eq!(ids(&doc, &children), ["b", "d"]);
        // Ancestors outside the context still count, as in querySelectorAll.
        let nested = doc.find(&all[..1], &selectors.compile("div span").unwrap());
        assert_eq!(ids(&doc, &nested), ["c"]);
    }

    #[test]
    fn closest_and_filter() {
        let doc = Document::parse(PAGE);
        let mut selectors = Selectors::default();
        let span = doc.find(&[0], &selectors.compile("span").unwrap());
        let closest = doc.closest(&span, &selectors.compile("div, #b").unwrap());
        assert_eq!(ids(&doc, &closest), ["b"]);
        let all = doc.find(&[0], &selectors.compile("*").unwrap());
        let with_id = doc.filter(&all, &selectors.compile("p:not(#d)").unwrap());
        assert_eq!(ids(&doc, &with_id), ["b", "e"]);
    }

    #[test]
    fn aliases_expand_outside_strings_and_attributes() {
        assert_eq!(
            expand_aliases("input:checkbox"),
            "input:is([type=checkbox])"
        );
        assert_eq!(
            expand_aliases("a[title=':file'], b::before"),
            "a[title=':file'], b::before"
        );
        assert_eq!(
            expand_aliases("p:not(:header):first-child"),
            "p:not(:is(:is(h1, h2, h3, h4, h5, h6))):first-child"
        );
        let doc = Document::parse(
            "<select><option id=a>1<option id=b>2</select>\
             <select><option id=c>3<option id=d selected>4</select>\
             <input type=checkbox id=e checked><input type=checkbox id=f disabled>",
        );
        let mut selectors = Selectors::default();
        let checked = doc.find(&[0], &selectors.compile(":checked").unwrap());
        assert_eq!(ids(&doc, &checked), ["a", "d", "e"]);
        let enabled = doc.find(&[0], &selectors.compile("input:enabled").unwrap());
        assert_eq!(ids(&doc, &enabled), ["e"]);
    }

    #[test]
    fn an_invalid_selector_names_itself() {
        let error = Selectors::default().compile("p[").unwrap_err();
        assert_eq!(error.selector, "p[");
        assert!(!error.reason.is_empty());
    }
}
