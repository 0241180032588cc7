//! An operation's answer: the XML of its response element, held as shared bytes, and the HTTP
//! body that wraps it in an envelope without copying it.
//!
//! A kept listing's answer (tens of kilobytes, `Store::offer_listing`) is the same for every
//! call that asks again while it holds. Cloning an [`Answer`] shares it, and [`EnvelopeBody`]
//! hands actix the envelope's head, the answer and the envelope's tail as three parts, so the
//! answer is copied once on its way to the socket (into actix's write buffer), not three times.
//! The answer is written by [`XmlOut`], which checks every text it writes; it is not scanned
//! again.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, MessageBody};
use actix_web::web::Bytes;

use super::envelope::{self, Version};
use crate::xml::XmlOut;

/// The XML text of one response element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer(Bytes);

impl Answer {
    /// The XML text.
    #[cfg(test)]
    pub(crate) fn as_str(&self) -> &str {
        // Only ever made from a `String`, so always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl From<String> for Answer {
    fn from(xml: String) -> Self {
        Self(Bytes::from(xml))
    }
}

impl From<XmlOut> for Answer {
    fn from(out: XmlOut) -> Self {
        Self::from(out.into_string())
    }
}

/// An answer in its envelope, as the body of an HTTP response: three parts, the answer shared.
/// A part already sent is left empty.
#[derive(Debug)]
pub struct EnvelopeBody {
    parts: [Bytes; 3],
}

impl EnvelopeBody {
    /// `answer` in an envelope of `version`.
    pub fn new(version: Version, answer: &Answer) -> Self {
        let (head, tail) = (envelope::head(version), envelope::TAIL);
        Self {
            parts: [
                Bytes::from_static(head.as_bytes()),
                answer.0.clone(),
                Bytes::from_static(tail.as_bytes()),
            ],
        }
    }
}

impl MessageBody for EnvelopeBody {
    type Error = Infallible;

    fn size(&self) -> BodySize {
        BodySize::Sized(self.parts.iter().map(|part| part.len() as u64).sum())
    }

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Bytes, Infallible>>> {
        let next = self.parts.iter_mut().find(|part| !part.is_empty()).map(std::mem::take);
        Poll::Ready(next.map(Ok))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn the_three_parts_are_one_envelope_of_the_callers_version_around_the_answer() {
        for version in [Version::Soap11, Version::Soap12] {
            let answer = Answer::from("<R xmlns=\"urn:x\"><A>æ&amp;</A></R>".to_owned());
            let body = EnvelopeBody::new(version, &answer);
            let BodySize::Sized(size) = body.size() else { panic!("an envelope has a size") };
            let bytes = actix_web::body::to_bytes(body).await.unwrap_or_default();
            assert_eq!(size, bytes.len() as u64);
            let text = std::str::from_utf8(&bytes).unwrap_or_default();
            let document = roxmltree::Document::parse(text).expect("well-formed");
            let envelope = document.root_element();
            assert_eq!(envelope.tag_name().name(), "Envelope");
            assert_eq!(envelope.tag_name().namespace(), Some(version.namespace()));
            let body = envelope.first_element_child().expect("a Body");
            assert_eq!(
                (body.tag_name().name(), body.tag_name().namespace()),
                ("Body", Some(version.namespace()))
            );
            let element = body.first_element_child().expect("the answer");
            assert_eq!((element.tag_name().name(), element.tag_name().namespace()), ("R", Some("urn:x")));
            assert_eq!(element.first_element_child().and_then(|a| a.text()), Some("æ&"));
            assert_eq!(envelope::response(version, answer.as_str()), text);
        }
    }
}
