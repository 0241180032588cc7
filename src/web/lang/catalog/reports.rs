//! English for the reports: the form, the titles, the table heads and the chart labels.

/// The English of `danish`, when it is one of these texts.
pub fn en(danish: &str) -> Option<&'static str> {
    Some(match danish {
        // The form.
        "Rapport" => "Report",
        "Jobcenter eller team" => "Jobcenter or team",
        "Første dag" => "First day",
        "Sidste dag" => "Last day",
        "Vis rapport" => "Show the report",
        "Hent tabellen som CSV (regneark)" => "Download the table as CSV (spreadsheet)",
        "Andre rapporter for samme periode" => "Other reports for the same period",
        "Rapporten kunne ikke hentes" => "The report could not be fetched",
        "Til rapporterne" => "To the reports",
        "Vælg en rapport, et område og en periode." => "Choose a report, an area and a period.",
        "Dine roller giver ikke adgang til rapporter." => "Your roles do not give access to reports.",
        "Området findes ikke" => "The area does not exist",
        "Det findes ikke, eller det hører ikke til de teams og jobcentre, dine roller gælder for." => "It does not exist, or it does not belong to the teams and jobcenters your roles apply to.",
        "Vælg en af rapporterne på listen." => "Choose one of the reports on the list.",
        "Skriv den første dag som en dato, fx 2027-03-01." => "Type the first day as a date, e.g. 2027-03-01.",
        "Skriv den sidste dag som en dato, fx 2027-03-31." => "Type the last day as a date, e.g. 2027-03-31.",
        "Perioden har for mange bookinger til én rapport. Vælg en kortere periode." => "The period has too many bookings for one report. Choose a shorter period.",
        // The reports and their columns.
        "Bookinger pr. dag" => "Bookings per day",
        "Bookinger pr. mødetilbud" => "Bookings per offer",
        "Bookinger pr. vejleder" => "Bookings per counselor",
        "Bookinger pr. kanal" => "Bookings per channel",
        "Udeblivelser og selvbooking pr. uge" => "No-shows and self-booking per week",
        "Udnyttelse pr. team og uge" => "Utilisation per team and week",
        "Bookinger, der starter i perioden, efter status. Udeblevne (%) er udeblivelser blandt møder med registreret fremmøde (afholdt eller udeblevet). Selvbooket (%) er de bookinger, borgeren selv har lavet på Jobnet, blandt alle bookinger." => "Bookings that start in the period, by status. No-shows (%) are no-shows among meetings with attendance registered (held or no-show). Self-booked (%) are the bookings the citizen made on Jobnet, among all bookings.",
        "Pr. uge: udeblivelser blandt møder med registreret fremmøde (afholdt eller udeblevet), og andelen af bookinger, borgeren selv har lavet på Jobnet. En uge uden sådanne møder har ingen procent (–)." => "Per week: no-shows among meetings with attendance registered (held or no-show), and the share of bookings the citizen made on Jobnet. A week without such meetings has no percentage (–).",
        "Tilbudt tid er vejledernes arbejdstid de dage, de er i teamet, uden helligdage og lukkedage. Booket tid er den del af den, som bookinger optager (aflyste ikke medregnet, et gruppemøde én gang)." => "Offered time is the counselors' working hours on the days they are in the team, without public holidays and closing days. Booked time is the part of it bookings take up (cancelled ones not counted, a group meeting once).",
        "I alt" => "Total",
        "Uden mødetilbud" => "Without an offer",
        "Uge {}, {}" => "Week {}, {}",
        "Bookinger" => "Bookings",
        "Uge {}" => "Week {}",
        "Udeblevne (%)" => "No-shows (%)",
        "Selvbooket (%)" => "Self-booked (%)",
        "Uge" => "Week",
        "Team" => "Team",
        "Tilbudt tid (timer)" => "Offered time (hours)",
        "Booket tid (timer)" => "Booked time (hours)",
        "Udnyttelse (%)" => "Utilisation (%)",
        _ => return None,
    })
}
