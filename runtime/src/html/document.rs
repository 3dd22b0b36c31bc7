//! One parsed document: the html5ever tree plus the handle table, and what cheerio reads
//! from it (node kinds, relations, text, serialization). Nothing here mutates the tree.

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

/// A node's position in document order (the document itself is 0).
pub type Handle = u32;

pub struct Document {
    pub(super) html: Html,
    /// Handle -> node.
    nodes: Vec<NodeId>,
    handles: HashMap<NodeId, Handle>,
    /// What the tree is estimated to hold, charged to the run's memory budget.
    pub(super) bytes: usize,
}

/// A relation cheerio's traversals follow from each node of a selection (see `relate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The parent element (not the document), as `.parent()`.
    Parent,
    /// The parent node, the document included, as domhandler's `parent`.
    ParentNode,
    /// Ancestor elements, nearest first, as `.parents()`.
    Parents,
    /// Child elements, as `.children()`.
    Children,
    /// Child nodes of every kind, as `.contents()` and domhandler's `children`.
    Contents,
    Next,
    Prev,
    /// The next or previous sibling node of any kind, as domhandler's `next`/`prev`.
    NextNode,
    PrevNode,
    /// Following element siblings in order; preceding ones nearest first.
    NextAll,
    PrevAll,
    /// Element siblings in document order, the node itself left out.
    Siblings,
}

impl Relation {
    pub fn parse(name: &str) -> Option<Relation> {
        Some(match name {
            "parent" => Relation::Parent,
            "parentNode" => Relation::ParentNode,
            "parents" => Relation::Parents,
            "children" => Relation::Children,
            "contents" => Relation::Contents,
            "next" => Relation::Next,
            "prev" => Relation::Prev,
            "nextNode" => Relation::NextNode,
            "prevNode" => Relation::PrevNode,
            "nextAll" => Relation::NextAll,
            "prevAll" => Relation::PrevAll,
            "siblings" => Relation::Siblings,
            _ => return None,
        })
    }
}

/// Per-node bookkeeping beyond the node's own strings: the tree slot (value and four links),
/// the handle table
/// entries and allocator slack, rounded up.
const NODE_OVERHEAD: usize = std::mem::size_of::<Node>() + 5 * std::mem::size_of::<NodeId>() + 48;

fn is_element(node: &NodeRef<'_, Node>) -> bool {
    node.value().is_element()
}

impl Document {
    pub fn parse(source: &str) -> Document {
        let html = Html::parse_document(source);
        let nodes: Vec<NodeId> = html.tree.root().descendants().map(|n| n.id()).collect();
        let handles = nodes
            .iter()
            .enumerate()
            .map(|(handle, &id)| (id, handle as Handle))
            .collect();
        let bytes = html
            .tree
            .root()
            .descendants()
            .map(|node| NODE_OVERHEAD + strings_size(node.value()))
            .sum();
        Document {
            html,
            nodes,
            handles,
            bytes,
        }
    }

    pub(super) fn node(&self, handle: Handle) -> Option<NodeRef<'_, Node>> {
        let id = *self.nodes.get(handle as usize)?;
        self.html.tree.get(id)
    }

    pub(super) fn handle(&self, node: &NodeRef<'_, Node>) -> Handle {
        self.handles[&node.id()]
    }

    /// The nodes `handles` name, unknown handles skipped.
    pub(super) fn nodes<'a>(
        &'a self,
        handles: &'a [Handle],
    ) -> impl Iterator<Item = NodeRef<'a, Node>> + 'a {
        handles.iter().filter_map(|&h| self.node(h))
    }

    /// domhandler's `type` and, for elements its tag name, for text and comments their data,
    /// for a doctype its name.
    pub fn describe(&self, handle: Handle) -> Option<(&'static str, String)> {
        let node = self.node(handle)?;
        Some(match node.value() {
            Node::Document | Node::Fragment => ("root", "root".to_string()),
            Node::Doctype(doctype) => ("directive", doctype.name().to_string()),
            Node::Comment(comment) => ("comment", comment.comment.to_string()),
            Node::Text(text) => ("text", text.text.to_string()),
            Node::Element(element) => {
                let kind = match element.name() {
                    "script" => "script",
                    "style" => "style",
                    _ => "tag",
                };
                (kind, element.name().to_string())
            }
            Node::ProcessingInstruction(pi) => ("directive", pi.target.to_string()),
        })
    }

    /// An element's attributes in source order as `[name, value, name, value, ...]`.
    pub fn attributes(&self, handle: Handle) -> Option<Vec<String>> {
        let element = self.node(handle)?.value().as_element()?;
        Some(
            element
                .attrs()
                .flat_map(|(name, value)| [name.to_string(), value.to_string()])
                .collect(),
        )
    }

    /// One attribute of an element; `None` for a missing one or a node that is no element.
    pub fn attribute(&self, handle: Handle, name: &str) -> Option<String> {
        let element = self.node(handle)?.value().as_element()?;
        element.attr(name).map(str::to_string)
    }

    /// What `relation` reaches from each of `handles`, concatenated in order (duplicates
    /// kept: cheerio removes them only when the selection has several nodes).
    pub fn relate(&self, handles: &[Handle], relation: Relation) -> Vec<Handle> {
        let mut out = Vec::new();
        for node in self.nodes(handles) {
            let found: Vec<NodeRef<'_, Node>> = match relation {
                Relation::Parent => node.parent().filter(is_element).into_iter().collect(),
                Relation::ParentNode => node.parent().into_iter().collect(),
                Relation::Parents => node.ancestors().filter(is_element).collect(),
                Relation::Children => node.children().filter(is_element).collect(),
                Relation::Contents => node.children().collect(),
                Relation::Next => node.next_siblings().find(is_element).into_iter().collect(),
                Relation::Prev => node.prev_siblings().find(is_element).into_iter().collect(),
                Relation::NextNode => node.next_sibling().into_iter().collect(),
                Relation::PrevNode => node.prev_sibling().into_iter().collect(),
                Relation::NextAll => node.next_siblings().filter(is_element).collect(),
                Relation::PrevAll => node.prev_siblings().filter(is_element).collect(),
                Relation::Siblings => match node.parent() {
                    Some(parent) => parent
                        .children()
                        .filter(|sibling| is_element(sibling) && sibling.id() != node.id())
                        .collect(),
                    None => Vec::new(),
                },
            };
            out.extend(found.iter().map(|n| self.handle(n)));
        }
        out
    }

    /// domutils' `textContent` of each node, concatenated: every descendant text node,
    /// whitespace as parsed, comments left out.
    pub fn text(&self, handles: &[Handle]) -> String {
        let mut out = String::new();
        for node in self.nodes(handles) {
            for descendant in node.descendants() {
                if let Node::Text(text) = descendant.value() {
                    out.push_str(&text.text);
                }
            }
        }
        out
    }

    /// The serialized children of a node (cheerio's `.html()`), `None` for a node that
    /// cannot have any.
    pub fn inner_html(&self, handle: Handle) -> Option<String> {
        let node = self.node(handle)?;
        if !(node.value().is_element() || node.value().is_document()) {
            return None;
        }
        let mut out = String::new();
        for child in node.children() {
            serialize(child, &mut out);
        }
        Some(out)
    }

    /// The nodes themselves serialized one after another (cheerio's `$.html(selection)`).
    pub fn outer_html(&self, handles: &[Handle]) -> String {
        let mut out = String::new();
        for node in self.nodes(handles) {
            serialize(node, &mut out);
        }
        out
    }
}

/// The HTML fragment serialization algorithm as parse5 (cheerio's serializer) implements
/// it: attribute values escape `&`, no-break space and `"` only (html5ever's own
/// serializer also escapes `<` and `>` there, which cheerio does not).
fn serialize(node: NodeRef<'_, Node>, out: &mut String) {
    match node.value() {
        Node::Document | Node::Fragment => {
            for child in node.children() {
                serialize(child, out);
            }
        }
        Node::Element(element) => {
            out.push('<');
            out.push_str(element.name());
            for (name, value) in element.attrs.iter() {
                out.push(' ');
                if let Some(prefix) = &name.prefix {
                    out.push_str(prefix);
                    out.push(':');
                }
                out.push_str(&name.local);
                out.push_str("=\"");
                escape(value, true, out);
                out.push('"');
            }
            out.push('>');
            if is_void(element.name()) {
                return;
            }
            for child in node.children() {
                serialize(child, out);
            }
            out.push_str("</");
            out.push_str(element.name());
            out.push('>');
        }
        Node::Text(text) => {
            let parent = node.parent();
            let raw = parent
                .as_ref()
                .and_then(|p| p.value().as_element())
                .is_some_and(|e| is_raw_text(e.name()));
            if raw {
                out.push_str(&text.text);
            } else {
                escape(&text.text, false, out);
            }
        }
        Node::Comment(comment) => {
            out.push_str("<!--");
            out.push_str(&comment.comment);
            out.push_str("-->");
        }
        Node::Doctype(doctype) => {
            out.push_str("<!DOCTYPE ");
            out.push_str(doctype.name());
            out.push('>');
        }
        Node::ProcessingInstruction(pi) => {
            out.push_str("<?");
            out.push_str(&pi.target);
            out.push(' ');
            out.push_str(&pi.data);
            out.push('>');
        }
    }
}

/// Elements with no end tag and no content.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements whose text the serializer writes unescaped (the spec's list, with `noscript`
/// as parsed with scripting on, like parse5's default).
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "style" | "script" | "xmp" | "iframe" | "noembed" | "noframes" | "plaintext" | "noscript"
    )
}

/// The serializer's escaping: of text, or of an attribute value.
fn escape(text: &str, attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            '"' if attribute => out.push_str("&quot;"),
            '<' if !attribute => out.push_str("&lt;"),
            '>' if !attribute => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// The bytes a node's own strings hold.
fn strings_size(node: &Node) -> usize {
    match node {
        Node::Text(text) => text.text.len(),
        Node::Comment(comment) => comment.comment.len(),
        Node::Element(element) => {
            element.name().len()
                + element
                    .attrs()
                    .map(|(name, value)| name.len() + value.len() + 48)
                    .sum::<usize>()
        }
        Node::Doctype(doctype) => doctype.name().len(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(doc: &Document, handles: &[Handle]) -> Vec<String> {
        handles
            .iter()
            .map(|&h| doc.describe(h).unwrap().1)
            .collect()
    }

    #[test]
    fn handles_follow_document_order() {
        let doc = Document::parse("<p>a<b>b</b></p><i>c</i>");
        let order: Vec<String> = (0..doc.nodes.len() as Handle)
            .map(|h| doc.describe(h).unwrap().1)
            .collect();
        assert_eq!(
            order,
            ["root", "html", "head", "body", "p", "a", "b", "b", "i", "c"]
        );
    }

    #[test]
    fn relations_match_cheerio_traversals() {
        let doc = Document::parse("<ul><li>1</li>text<li id=x>2</li><!--c--><li>3</li></ul>");
        let li2 = (0..20).find(|&h| doc.attribute(h, "id").is_some()).unwrap();
        assert_eq!(
            names(&doc, &doc.relate(&[li2], Relation::Siblings)),
            ["li", "li"]
        );
        assert_eq!(
            names(&doc, &doc.relate(&[li2], Relation::PrevNode)),
            ["text"]
        );
        assert_eq!(names(&doc, &doc.relate(&[li2], Relation::Next)), ["li"]);
        assert_eq!(
            names(&doc, &doc.relate(&[li2], Relation::Parents)),
            ["ul", "body", "html"]
        );
        assert_eq!(doc.text(&[li2]), "2");
        assert_eq!(doc.text(&[0]), "1text23");
    }

    #[test]
    fn serialization_escapes_text_but_not_scripts() {
        let doc = Document::parse("<p title='a&quot;b<'>x&nbsp;&lt;y</p><script>1<2</script>");
        let p = (0..20)
            .find(|&h| doc.attribute(h, "title").is_some())
            .unwrap();
        assert_eq!(
            doc.outer_html(&[p]),
            "<p title=\"a&quot;b<\">x&nbsp;&lt;y</p>"
        );
        let script_text = doc.relate(&doc.relate(&[p], Relation::Next), Relation::Contents);
        assert_eq!(doc.outer_html(&script_text), "1<2");
        assert_eq!(doc.inner_html(script_text[0]), None);
    }
}
