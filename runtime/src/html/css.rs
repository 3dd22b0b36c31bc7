//! kvm's selector dialect: CSS as the `selectors` crate parses it (the engine scraper uses),
//! plus css-select's `:contains(text)` and `:icontains(text)` that konnectors rely on. It
//! needs its own selector types, so elements are matched through [`Matched`], which
//! defers everything else to scraper's own `selectors::Element` for `ElementRef`.

use std::fmt;

use cssparser::{match_ignore_ascii_case, CowRcStr, ParseError, ToCss};
use html5ever::Namespace;
use scraper::selector::{CssLocalName, CssString};
use scraper::{ElementRef, Node};
use selectors::attr::{AttrSelectorOperation, CaseSensitivity, NamespaceConstraint};
use selectors::bloom::BloomFilter;
use selectors::matching::{self, MatchingContext};
use selectors::parser::{self, ParseRelative, SelectorList, SelectorParseErrorKind};
use selectors::{Element, OpaqueElement};

/// A compiled selector group.
#[derive(Debug)]
pub struct Selector(SelectorList<Dialect>);

/// What matching learns about a document (sibling indexes), kept for one query.
pub type Caches = matching::SelectorCaches;

impl Selector {
    pub fn parse(source: &str) -> Result<Selector, String> {
        let mut parser = cssparser::Parser::new(source);
        SelectorList::parse(&DialectParser, &mut parser, ParseRelative::No)
            .map(Selector)
            .map_err(|e| scraper::error::SelectorErrorKind::from(e).to_string())
    }

    /// Whether `element` matches; `:scope` is `scope`, else the root element. `caches` is
    /// shared by the elements of one query (`:nth-child` counts siblings once, not per
    /// element).
    pub fn matches(
        &self,
        element: ElementRef<'_>,
        scope: Option<ElementRef<'_>>,
        caches: &mut Caches,
    ) -> bool {
        let mut context = MatchingContext::new(
            matching::MatchingMode::Normal,
            None,
            caches,
            matching::QuirksMode::NoQuirks,
            matching::NeedsSelectorFlags::No,
            matching::MatchingForInvalidation::No,
        );
        context.scope_element = scope.map(|s| Element::opaque(&Matched(s)));
        let element = Matched(element);
        self.0
            .slice()
            .iter()
            .any(|s| matching::matches_selector(s, 0, None, &element, &mut context))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialect;

impl parser::SelectorImpl for Dialect {
    type ExtraMatchingData<'a> = ();
    type AttrValue = CssString;
    type Identifier = CssLocalName;
    type LocalName = CssLocalName;
    type NamespacePrefix = CssLocalName;
    type NamespaceUrl = Namespace;
    type BorrowedNamespaceUrl = Namespace;
    type BorrowedLocalName = CssLocalName;
    type NonTSPseudoClass = PseudoClass;
    type PseudoElement = NoPseudoElement;
}

/// css-select's text pseudo-classes: the element's text (all descendant text nodes)
/// contains the argument, as written or ignoring ASCII case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PseudoClass {
    Contains(String),
    IContains(String),
}

impl parser::NonTSPseudoClass for PseudoClass {
    fn is_active_or_hover(&self) -> bool {
        false
    }

    fn is_user_action_state(&self) -> bool {
        false
    }
}

impl ToCss for PseudoClass {
    fn to_css<W: fmt::Write>(&self, dest: &mut W) -> fmt::Result {
        let (name, text) = match self {
            PseudoClass::Contains(text) => (":contains(", text),
            PseudoClass::IContains(text) => (":icontains(", text),
        };
        dest.write_str(name)?;
        cssparser::serialize_string(text, dest)?;
        dest.write_str(")")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoPseudoElement {}

impl parser::PseudoElement for NoPseudoElement {}

impl ToCss for NoPseudoElement {
    fn to_css<W: fmt::Write>(&self, _: &mut W) -> fmt::Result {
        match *self {}
    }
}

struct DialectParser;

impl<'i> parser::Parser<'i> for DialectParser {
    type Impl = Dialect;
    type Error = SelectorParseErrorKind;

    fn parse_is_and_where(&self) -> bool {
        true
    }

    fn parse_has(&self) -> bool {
        true
    }

    fn parse_non_ts_functional_pseudo_class(
        &self,
        name: CowRcStr<'i>,
        arguments: &mut cssparser::Parser<'i>,
        _after_part: bool,
    ) -> Result<PseudoClass, ParseError<Self::Error>> {
        let text = |arguments: &mut cssparser::Parser<'i>| {
            arguments
                .expect_ident_or_string()
                .map(|t| t.as_ref().to_string())
        };
        match_ignore_ascii_case! { &name,
            "contains" => Ok(PseudoClass::Contains(text(arguments)?)),
            "icontains" => Ok(PseudoClass::IContains(text(arguments)?.to_ascii_lowercase())),
            _ => Err(ParseError::custom(SelectorParseErrorKind::UnsupportedPseudoClassOrElement)),
        }
    }
}

/// An element as the dialect's matcher sees it.
#[derive(Debug, Clone, Copy)]
struct Matched<'a>(ElementRef<'a>);

impl Matched<'_> {
    fn text(&self) -> String {
        self.0
            .descendants()
            .filter_map(|n| match n.value() {
                Node::Text(text) => Some(&*text.text),
                _ => None,
            })
            .collect()
    }
}

/// Everything but the pseudo-classes is scraper's own matching of the element.
impl<'a> Element for Matched<'a> {
    type Impl = Dialect;

    fn opaque(&self) -> OpaqueElement {
        Element::opaque(&self.0)
    }

    fn parent_element(&self) -> Option<Self> {
        Element::parent_element(&self.0).map(Matched)
    }

    fn parent_node_is_shadow_root(&self) -> bool {
        false
    }

    fn containing_shadow_host(&self) -> Option<Self> {
        None
    }

    fn is_pseudo_element(&self) -> bool {
        false
    }

    fn is_part(&self, _: &CssLocalName) -> bool {
        false
    }

    fn is_same_type(&self, other: &Self) -> bool {
        Element::is_same_type(&self.0, &other.0)
    }

    fn imported_part(&self, _: &CssLocalName) -> Option<CssLocalName> {
        None
    }

    fn prev_sibling_element(&self) -> Option<Self> {
        Element::prev_sibling_element(&self.0).map(Matched)
    }

    fn next_sibling_element(&self) -> Option<Self> {
        Element::next_sibling_element(&self.0).map(Matched)
    }

    fn first_element_child(&self) -> Option<Self> {
        Element::first_element_child(&self.0).map(Matched)
    }

    fn is_html_element_in_html_document(&self) -> bool {
        Element::is_html_element_in_html_document(&self.0)
    }

    fn has_local_name(&self, name: &CssLocalName) -> bool {
        Element::has_local_name(&self.0, name)
    }

    fn has_namespace(&self, namespace: &Namespace) -> bool {
        Element::has_namespace(&self.0, namespace)
    }

    fn attr_matches(
        &self,
        ns: &NamespaceConstraint<&Namespace>,
        local_name: &CssLocalName,
        operation: &AttrSelectorOperation<&CssString>,
    ) -> bool {
        Element::attr_matches(&self.0, ns, local_name, operation)
    }

    fn match_non_ts_pseudo_class(
        &self,
        pseudo_class: &PseudoClass,
        _: &mut MatchingContext<'_, Dialect>,
    ) -> bool {
        match pseudo_class {
            PseudoClass::Contains(text) => self.text().contains(text.as_str()),
            PseudoClass::IContains(text) => {
                self.text().to_ascii_lowercase().contains(text.as_str())
            }
        }
    }

    fn match_pseudo_element(
        &self,
        pseudo_element: &NoPseudoElement,
        _: &mut MatchingContext<'_, Dialect>,
    ) -> bool {
        match *pseudo_element {}
    }

    fn is_link(&self) -> bool {
        false
    }

    fn is_html_slot_element(&self) -> bool {
        false
    }

    fn has_id(&self, id: &CssLocalName, case_sensitivity: CaseSensitivity) -> bool {
        Element::has_id(&self.0, id, case_sensitivity)
    }

    fn has_class(&self, name: &CssLocalName, case_sensitivity: CaseSensitivity) -> bool {
        Element::has_class(&self.0, name, case_sensitivity)
    }

    fn has_custom_state(&self, _: &CssLocalName) -> bool {
        false
    }

    fn is_empty(&self) -> bool {
        Element::is_empty(&self.0)
    }

    fn is_root(&self) -> bool {
        Element::is_root(&self.0)
    }

    fn apply_selector_flags(&self, _: matching::ElementSelectorFlags) {}

    fn add_element_unique_hashes(&self, _: &mut BloomFilter) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use scraper::Html;

    fn matching(html: &Html, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).unwrap();
        html.root_element()
            .descendent_elements()
            .filter(|e| selector.matches(*e, None, &mut Caches::default()))
            .map(|e| e.value().attr("id").unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn contains_matches_the_text_of_descendants() {
        let html = Html::parse_document(
            "<ul id=l><li id=a>Total <b id=b>TTC</b></li><li id=c>total</li></ul>",
        );
        assert_eq!(matching(&html, "li:contains('Total TTC')"), ["a"]);
        assert_eq!(matching(&html, "ul :contains(TTC)"), ["a", "b"]);
        assert_eq!(matching(&html, "li:icontains(\"TOTAL\")"), ["a", "c"]);
        assert_eq!(matching(&html, "li:not(:contains(TTC))"), ["c"]);
    }

    #[test]
    fn unknown_pseudo_classes_do_not_parse() {
        assert!(Selector::parse("li:eq(1)").is_err());
        assert!(Selector::parse("li:hover").is_err());
        assert!(Selector::parse("li::before").is_err());
    }
}
