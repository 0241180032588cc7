//! English for the set-up of offers and summons templates: the jobcenter's set-up page, the
//! offers list, an offer's form and its free times, the templates list and form, and their
//! field errors; with STAR's interview types and the contact forms.

/// The English of `danish`, when it is one of these texts.
pub fn en(danish: &str) -> Option<&'static str> {
    offers(danish).or_else(|| offer_form(danish)).or_else(|| templates(danish)).or_else(|| codes(danish))
}

/// The jobcenter's set-up page, the offers list and an offer's free times.
fn offers(danish: &str) -> Option<&'static str> {
    Some(match danish {
        // The jobcenter's set-up page and what every set-up page links to.
        "Opsætning af jobcenter {}" => "Set-up of jobcenter {}",
        "Dine roller giver ikke adgang til opsætningen af dette jobcenter." => {
            "Your roles do not give access to the set-up of this jobcenter."
        }
        "Alle jobcentre" => "All jobcenters",
        "{}, jobcenter {}" => "{}, jobcenter {}",
        "Skabeloner til indkaldelser" => "Summons templates",
        "Arbejdstider" => "Working hours",
        "Kalenderfeeds og import" => "Calendar feeds and import",
        // The offers list.
        "Tilbud, jobcenter {}" => "Offers, jobcenter {}",
        "Opret tilbud" => "Create an offer",
        "Jobcentret har ingen tilbud endnu." => "The jobcenter has no offers yet.",
        "Navn" => "Name",
        "Samtaletype" => "Interview type",
        "Mødeform" => "Meeting format",
        "Varighed" => "Duration",
        "{} min." => "{} min.",
        "Aktivt" => "Active",
        "Deaktiveret" => "Deactivated",
        "Rediger" => "Edit",
        "Ledige tider" => "Free times",
        "Deaktiver" => "Deactivate",
        "Individuel" => "Individual",
        "Gruppe, {} pladser" => "Group, {} seats",
        "Tilbuddet er oprettet." => "The offer has been created.",
        "Tilbuddet er gemt." => "The offer has been saved.",
        "Tilbuddet er deaktiveret. Borgere kan ikke længere booke det." => {
            "The offer has been deactivated. Citizens can no longer book it."
        }
        // An offer's free times.
        "Ledige tider for {}, uge {}" => "Free times for {}, week {}",
        "Sådan ser borgeren tilbuddets ledige tider ved selvbooking." => {
            "This is how the citizen sees the offer's free times when self-booking."
        }
        "Vis ugen med datoen" => "Show the week with the date",
        "Tilbuddet er deaktiveret, så borgere ser ingen tider." => {
            "The offer has been deactivated, so citizens see no times."
        }
        "1 ledig tid i uge {}." => "1 free time in week {}.",
        "{} ledige tider i uge {}." => "{} free times in week {}.",
        _ => return None,
    })
}

/// An offer's form and its field errors.
fn offer_form(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Opret tilbud, jobcenter {}" => "Create an offer, jobcenter {}",
        "Rediger tilbud" => "Edit the offer",
        "Alle tilbud" => "All offers",
        "Tilbuddet er deaktiveret. Borgere kan ikke booke det." => {
            "The offer has been deactivated. Citizens cannot book it."
        }
        "Tilbuddets oplysninger" => "The offer's details",
        "Tilbuddets oplysninger (kun visning)" => "The offer's details (view only)",
        "Tilbuddet" => "The offer",
        "Individuel samtale" => "Individual interview",
        "Pladser pr. gruppemøde" => "Seats per group meeting",
        "Kun for gruppemøder" => "Only for group meetings",
        "Kontaktformer" => "Contact forms",
        "Hvem holder møderne" => "Who holds the meetings",
        "Møderne holdes af" => "The meetings are held by",
        "De valgte vejledere" => "The chosen counselors",
        "Et teams medlemmer (følger teamet)" => "A team's members (follows the team)",
        "Vejledere med bestemte kompetencer" => "Counselors with certain competencies",
        "Jobcentret har ingen aktive vejledere." => "The jobcenter has no active counselors.",
        "Intet team" => "No team",
        "Kompetencer" => "Competencies",
        "Adskilt af komma, fx sygedagpenge, unge" => {
            "Separated by commas, e.g. sickness benefit, young people"
        }
        "Mødelokaler (valgfrit)" => "Meeting rooms (optional)",
        "Jobcentret har ingen aktive mødelokaler." => "The jobcenter has no active meeting rooms.",
        "{} ({} pladser)" => "{} ({} seats)",
        "Tider" => "Times",
        "Mødets længde (minutter)" => "Length of the meeting (minutes)",
        "Pause efter hvert møde (minutter)" => "Break after each meeting (minutes)",
        "Mindste varsel (minutter)" => "Minimum notice (minutes)",
        "Ingen tid tilbydes, der begynder før nu plus varslet" => {
            "No time is offered that begins before now plus the notice"
        }
        "Kan bookes så mange dage frem" => "Can be booked this many days ahead",
        "1-730 dage" => "1-730 days",
        "Første mødetid (valgfri)" => "First meeting time (optional)",
        "Dato og klokkeslæt, fx 2027-03-10 09:00" => "Date and time, e.g. 2027-03-10 09:00",
        "Sidste mødetid (valgfri)" => "Last meeting time (optional)",
        "Dato og klokkeslæt, fx 2027-06-30 15:00" => "Date and time, e.g. 2027-06-30 15:00",
        "Sted (valgfrit)" => "Place (optional)",
        "Vejnavn" => "Street name",
        "Husnummer" => "House number",
        "Etage" => "Floor",
        "Dør" => "Door",
        "Postnummer" => "Post code",
        "By" => "Town",
        "Om stedet" => "About the place",
        "Fx indgang og etage" => "E.g. entrance and floor",
        "Hvem kan se tilbuddet" => "Who can see the offer",
        "Tomme felter betyder alle." => "Empty fields mean everyone.",
        "Kontaktgrupper" => "Contact groups",
        "Koder adskilt af komma, fx 1, 2" => "Codes separated by commas, e.g. 1, 2",
        "Kategorier" => "Categories",
        "Koder adskilt af komma" => "Codes separated by commas",
        "Persongruppemarkeringer" => "Person group markers",
        "Adskilt af komma" => "Separated by commas",
        "Borgerens muligheder" => "The citizen's options",
        "Borgeren kan ombooke" => "The citizen can rebook",
        "Frist for ombooking (minutter før mødet)" => "Deadline for rebooking (minutes before the meeting)",
        "Tom: indtil mødet begynder" => "Empty: until the meeting begins",
        "Borgeren kan melde afbud" => "The citizen can cancel",
        "Frist for afbud (minutter før mødet)" => "Deadline for cancelling (minutes before the meeting)",
        "Mødepligt" => "Compulsory attendance",
        "Gem tilbuddet" => "Save the offer",
        "Opret tilbuddet" => "Create the offer",
        // The offer form's field errors.
        "Angiv {} i hele minutter, 0-{}." => "Give {} in whole minutes, 0-{}.",
        "mødets længde" => "the length of the meeting",
        "pausen efter hvert møde" => "the break after each meeting",
        "varslet" => "the notice",
        "fristen for ombooking" => "the deadline for rebooking",
        "fristen for afbud" => "the deadline for cancelling",
        "Giv tilbuddet et navn på 1-100 tegn." => "Give the offer a name of 1-100 characters.",
        "Vælg en samtaletype fra listen." => "Choose an interview type from the list.",
        "Et gruppemøde skal have 1-10000 pladser." => "A group meeting must have 1-10000 seats.",
        "Kun gruppemøder har pladser: lad feltet stå tomt, eller vælg gruppemøde." => {
            "Only group meetings have seats: leave the field empty, or choose group meeting."
        }
        "Vælg mindst én kontaktform." => "Choose at least one contact form.",
        "Angiv, hvor mange dage frem der kan bookes: 1-730." => {
            "Give how many days ahead can be booked: 1-730."
        }
        "Angiv dato og klokkeslæt som åååå-mm-dd tt:mm, fx 2027-03-10 09:00." => {
            "Give the date and time as yyyy-mm-dd hh:mm, e.g. 2027-03-10 09:00."
        }
        "Et møde skal vare mindst ét minut." => "A meeting must last at least one minute.",
        "Den sidste mødetid skal ligge efter den første." => {
            "The last meeting time must be after the first."
        }
        "Skriv kontaktgrupperne som tal adskilt af komma, fx 1, 2." => {
            "Type the contact groups as numbers separated by commas, e.g. 1, 2."
        }
        "Skriv kategorierne som tal adskilt af komma, fx 1, 2." => {
            "Type the categories as numbers separated by commas, e.g. 1, 2."
        }
        "Tilbuddet kunne ikke godkendes; tjek felterne." => {
            "The offer could not be accepted; check the fields."
        }
        "Vælg vejlederne på listen." => "Choose the counselors on the list.",
        "Vælg mindst én vejleder, eller vælg et team eller kompetencer." => {
            "Choose at least one counselor, or choose a team or competencies."
        }
        "Vælg et team." => "Choose a team.",
        "Skriv 1-50 kompetencer adskilt af komma, hver på 1-50 tegn." => {
            "Type 1-50 competencies separated by commas, each of 1-50 characters."
        }
        "Vælg, hvem der holder møderne." => "Choose who holds the meetings.",
        "Angiv vejnavnet (højst 40 tegn), eller lad hele adressen stå tom." => {
            "Give the street name (at most 40 characters), or leave the whole address empty."
        }
        "Angiv husnummeret, fx 12A." => "Give the house number, e.g. 12A.",
        "Angiv byen (højst 20 tegn)." => "Give the town (at most 20 characters).",
        "Angiv postnummeret med fire cifre, fx 2300." => "Give the post code with four digits, e.g. 2300.",
        "Skriv højst 200 tegn om stedet." => "Type at most 200 characters about the place.",
        "Vælg et team fra listen." => "Choose a team from the list.",
        "Teamet har ingen medlemmer. Vælg et andet team." => "The team has no members. Choose another team.",
        "Ingen aktiv vejleder i jobcentret har alle kompetencerne." => {
            "No active counselor in the jobcenter has all the competencies."
        }
        "Vælg lokalerne på listen." => "Choose the rooms on the list.",
        "Vælg vejledere fra jobcentrets liste." => "Choose counselors from the jobcenter's list.",
        _ => return None,
    })
}

/// The summons templates list and form, and their field errors.
fn templates(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Skabeloner til indkaldelser, jobcenter {}" => "Summons templates, jobcenter {}",
        "Opret skabelon" => "Create a template",
        "Jobcentret har ingen skabeloner endnu." => "The jobcenter has no templates yet.",
        "Tilbud eller samtaletype" => "Offer or interview type",
        "Tidsrum" => "Period",
        "Ukendt tilbud" => "Unknown offer",
        "tidligste tider først" => "earliest times first",
        "spredt jævnt" => "spread evenly",
        "Fra {} dage efter, i {} dage; {}" => "From {} days after, for {} days; {}",
        "Skabelonen er oprettet." => "The template has been created.",
        "Skabelonen er gemt. Indkaldelser, der allerede er lavet, er uændrede." => {
            "The template has been saved. Summonses already made are unchanged."
        }
        "Opret skabelon, jobcenter {}" => "Create a template, jobcenter {}",
        "Rediger skabelon" => "Edit the template",
        "Skabelon" => "Template",
        "Alle skabeloner" => "All templates",
        "En indkaldelse tager skabelonens værdier, når den laves. At ændre skabelonen senere ændrer ikke indkaldelser, der allerede er lavet." => {
            "A summons takes the template's values when it is made. Changing the template later does not \
             change summonses already made."
        }
        "Skabelonens oplysninger" => "The template's details",
        "En samtaletype betyder jobcentrets aktive tilbud af den type, når der indkaldes." => {
            "An interview type means the jobcenter's active offers of that type at the time of the summons."
        }
        "Samtaletyper" => "Interview types",
        "Team (valgfrit)" => "Team (optional)",
        "Bestemte vejledere (valgfrit; ingen: alle tilbuddets vejledere)" => {
            "Certain counselors (optional; none: all the offer's counselors)"
        }
        "Tidsrummet begynder så mange dage efter indkaldelsen" => "The period begins this many days after the summons",
        "0-365 dage" => "0-365 days",
        "Tidsrummet varer så mange dage" => "The period lasts this many days",
        "1-92 dage" => "1-92 days",
        "Fordeling af tiderne" => "Distribution of the times",
        "Tidligste tider først" => "Earliest times first",
        "Spredt jævnt over tidsrummet" => "Spread evenly over the period",
        "Borgeren kan ombooke indtil så mange timer før (valgfrit)" => {
            "The citizen can rebook until this many hours before (optional)"
        }
        "Tomt: borgeren kan ikke ombooke" => "Empty: the citizen cannot rebook",
        "Borgeren kan aflyse indtil så mange timer før (valgfrit)" => {
            "The citizen can cancel until this many hours before (optional)"
        }
        "Tomt: borgeren kan ikke aflyse" => "Empty: the citizen cannot cancel",
        "Gem skabelonen" => "Save the template",
        "Opret skabelonen" => "Create the template",
        // The template form's field errors.
        "Giv skabelonen et navn på 1-100 tegn." => "Give the template a name of 1-100 characters.",
        "Vælg et tilbud eller en samtaletype." => "Choose an offer or an interview type.",
        "Vælg enten et team eller bestemte vejledere, ikke begge dele." => {
            "Choose either a team or certain counselors, not both."
        }
        "Vælg et af jobcentrets teams." => "Choose one of the jobcenter's teams.",
        "Vælg blandt jobcentrets vejledere." => "Choose among the jobcenter's counselors.",
        "Angiv et helt antal dage: 0-365." => "Give a whole number of days: 0-365.",
        "Angiv et helt antal dage: 1-92." => "Give a whole number of days: 1-92.",
        "Vælg, hvordan tiderne fordeles." => "Choose how the times are distributed.",
        "Angiv et helt antal timer: 0-8760, eller lad feltet stå tomt." => {
            "Give a whole number of hours: 0-8760, or leave the field empty."
        }
        "Skabelonen kunne ikke gemmes." => "The template could not be saved.",
        "Vælg et af jobcentrets aktive tilbud." => "Choose one of the jobcenter's active offers.",
        "Jobcentret har allerede en skabelon med det navn." => "The jobcenter already has a template with that name.",
        _ => return None,
    })
}

/// STAR's interview types (SamtaleType) and the contact forms.
fn codes(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Opfølgningssamtale" => "Follow-up interview",
        "Jobsamtale" => "Job interview",
        "Henvisning" => "Referral",
        "Informationsmøde" => "Information meeting",
        "CV-samtale" => "CV interview",
        "Formidlingssamtale" => "Job placement interview",
        "Anden samtale" => "Other interview",
        "Informationsmøde uden mødepligt" => "Information meeting without compulsory attendance",
        "Rådighedssamtale" => "Availability interview",
        "Jobsamtale med a-kasse" => "Job interview with the unemployment fund",
        "Fælles jobsamtale med dagpengemodtager" => {
            "Joint job interview with a recipient of unemployment benefit"
        }
        "A-kasse-forsøgssamtale" => "Unemployment fund trial interview",
        "Samtaletype {}" => "Interview type {}",
        "Personligt fremmøde" => "In person",
        "Telefon" => "Phone",
        "Video" => "Video",
        "Kontaktform {}" => "Contact form {}",
        _ => return None,
    })
}
