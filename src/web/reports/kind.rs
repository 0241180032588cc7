//! The reports there are: their names in addresses, their titles and what each counts, in
//! the words the page shows under the title and the chart gives as its description.

use crate::web::lang::t;

/// The reports there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bookings per day.
    Day,
    /// Bookings per offer.
    Offer,
    /// Bookings per counselor.
    Counselor,
    /// Bookings per channel.
    Channel,
    /// The no-show rate and the share self-booked per week.
    Weekly,
    /// Booked against offered time per team and week.
    Utilisation,
}

impl Kind {
    /// Every report, in the order the page lists them.
    pub const ALL: [Kind; 6] =
        [Kind::Day, Kind::Offer, Kind::Counselor, Kind::Channel, Kind::Weekly, Kind::Utilisation];

    /// Its name in addresses and file names.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Day => "day",
            Kind::Offer => "offer",
            Kind::Counselor => "counselor",
            Kind::Channel => "channel",
            Kind::Weekly => "weekly",
            Kind::Utilisation => "utilisation",
        }
    }

    /// The report a slug names.
    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.slug() == text)
    }

    /// Its title on screens.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Day => t("Bookinger pr. dag"),
            Kind::Offer => t("Bookinger pr. mødetilbud"),
            Kind::Counselor => t("Bookinger pr. vejleder"),
            Kind::Channel => t("Bookinger pr. kanal"),
            Kind::Weekly => t("Udeblivelser og selvbooking pr. uge"),
            Kind::Utilisation => t("Udnyttelse pr. team og uge"),
        }
    }

    /// What it counts, in words (shown under the title and as the chart's description).
    pub fn explanation(self) -> &'static str {
        match self {
            Kind::Day | Kind::Offer | Kind::Counselor | Kind::Channel => {
                t("Bookinger, der starter i perioden, efter status. Udeblevne (%) er udeblivelser blandt \
                 møder med registreret fremmøde (afholdt eller udeblevet). Selvbooket (%) er de bookinger, \
                 borgeren selv har lavet på Jobnet, blandt alle bookinger.")
            }
            Kind::Weekly => t(
                "Pr. uge: udeblivelser blandt møder med registreret fremmøde (afholdt eller udeblevet), og \
                 andelen af bookinger, borgeren selv har lavet på Jobnet. En uge uden sådanne møder har \
                 ingen procent (–).",
            ),
            Kind::Utilisation => {
                t("Tilbudt tid er vejledernes arbejdstid de dage, de er i teamet, uden helligdage og \
                 lukkedage. Booket tid er den del af den, som bookinger optager (aflyste ikke medregnet, et \
                 gruppemøde én gang).")
            }
        }
    }
}
