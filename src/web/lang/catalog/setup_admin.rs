//! English for the set-up of closing days, rooms, teams, people and invitations, and webhook
//! recipients: the pages, their field errors, notices and refusals, and the set-up's subjects.

/// The English of `danish`, when it is one of these texts.
pub fn en(danish: &str) -> Option<&'static str> {
    closing(danish).or_else(|| rooms_and_teams(danish)).or_else(|| people(danish)).or_else(|| rest(danish))
}

/// The closing days.
fn closing(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Lukkedage" => "Closing days",
        "Lukkedage {}, jobcenter {}" => "Closing days {}, jobcenter {}",
        "Lukkedage {}" => "Closing days {}",
        "År" => "Year",
        "Året før ({})" => "The year before ({})",
        "Året efter ({})" => "The year after ({})",
        "Bookede møder på lukket tid" => "Booked meetings on closed time",
        "Mødet" => "The meeting",
        "mødet {}" => "the meeting {}",
        "Jobcentrets egne lukkedage" => "The jobcenter's own closing days",
        "Jobcentret har ingen egne lukkedage." => "The jobcenter has no closing days of its own.",
        "Hvornår" => "When",
        "lukkedagen {}" => "the closing day {}",
        "Tilføj en lukkedag" => "Add a closing day",
        "Bookede møder på dagen bliver ikke aflyst; siden viser dem bagefter, så de kan flyttes." => {
            "Booked meetings on the day are not cancelled; the page shows them afterwards, so that they can be moved."
        }
        "Fx 2027-05-07" => "E.g. 2027-05-07",
        "Hvert år på denne dato" => "Every year on this date",
        "Lukket fra (valgfri)" => "Closed from (optional)",
        "Klokkeslæt tt:mm; tom: fra dagens begyndelse" => "Time hh:mm; empty: from the start of the day",
        "Lukket til (valgfri)" => "Closed until (optional)",
        "Klokkeslæt tt:mm; tom: til dagens slutning" => "Time hh:mm; empty: until the end of the day",
        "Tilføj lukkedagen" => "Add the closing day",
        "Sædvanlige lukkedage" => "Customary closing days",
        "Offentlige kontorer holder normalt lukket disse dage. Jobcentret kan holde åbent på dem." => {
            "Public offices are normally closed on these days. The jobcenter can stay open on them."
        }
        "Dag" => "Day",
        "Dato {}" => "Date {}",
        "Åbent" => "Open",
        "Hold åbent" => "Stay open",
        "Hold lukket" => "Stay closed",
        "Helligdage {}" => "Public holidays {}",
        "Jobcentret holder altid lukket på helligdagene. De beregnes for hvert år." => {
            "The jobcenter is always closed on public holidays. They are worked out for each year."
        }
        "Helligdag" => "Public holiday",
        "Hele dagen" => "All day",
        "Fra kl. {}" => "From {}",
        "Indtil kl. {}" => "Until {}",
        "Kl. {}–{}" => "{}–{}",
        "Hvert år den {}.{}." => "Every year on {}.{}.",
        "Hvert år {} dage fra påskedag" => "Every year {} days from Easter Sunday",
        "Nytårsdag" => "New Year's Day",
        "Skærtorsdag" => "Maundy Thursday",
        "Langfredag" => "Good Friday",
        "Påskedag" => "Easter Sunday",
        "2. påskedag" => "Easter Monday",
        "Store bededag" => "General Prayer Day",
        "Kristi himmelfartsdag" => "Ascension Day",
        "Pinsedag" => "Whit Sunday",
        "2. pinsedag" => "Whit Monday",
        "Juledag" => "Christmas Day",
        "2. juledag" => "Boxing Day",
        "Grundlovsdag (fra kl. 12)" => "Constitution Day (from 12:00)",
        "Juleaftensdag" => "Christmas Eve",
        "Nytårsaftensdag" => "New Year's Eve",
        "Fredag efter Kristi himmelfartsdag" => "The Friday after Ascension Day",
        "Lukkedagen er tilføjet. Der er ingen bookede møder på den." => {
            "The closing day has been added. There are no booked meetings on it."
        }
        "Lukkedagen er fjernet." => "The closing day has been removed.",
        "Ændringen er gemt. Der er ingen bookede møder på lukkede dage." => {
            "The change has been saved. There are no booked meetings on closed days."
        }
        "Lukkedagen er tilføjet. Disse bookede møder ligger på den; de er ikke aflyst, så flyt dem." => {
            "The closing day has been added. These booked meetings are on it; they have not been cancelled, so move them."
        }
        "Ændringen er gemt. Disse bookede møder ligger på lukkede dage; de er ikke aflyst, så flyt dem." => {
            "The change has been saved. These booked meetings are on closed days; they have not been cancelled, so move them."
        }
        "Giv lukkedagen et navn på 1-100 tegn." => "Give the closing day a name of 1-100 characters.",
        "Angiv datoen som åååå-mm-dd, fx 2027-05-07." => "Give the date as yyyy-mm-dd, e.g. 2027-05-07.",
        "Angiv klokkeslættet som tt:mm, fx 12:00, eller lad feltet stå tomt." => {
            "Give the time as hh:mm, e.g. 12:00, or leave the field empty."
        }
        "Slutningen skal ligge efter begyndelsen." => "The end must come after the start.",
        "Datoen findes ikke." => "The date does not exist.",
        "Vælg, om dagen skal være lukket eller åben, med knapperne på siden." => {
            "Choose whether the day is to be closed or open with the buttons on the page."
        }
        _ => return None,
    })
}

/// The rooms and the teams.
fn rooms_and_teams(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Mødelokaler" => "Meeting rooms",
        "Mødelokaler, jobcenter {}" => "Meeting rooms, jobcenter {}",
        "Jobcentret har ingen mødelokaler endnu." => "The jobcenter has no meeting rooms yet.",
        "Adresse" => "Address",
        "Pladser" => "Seats",
        "Ikke i brug" => "Not in use",
        "Opret mødelokale" => "Create a meeting room",
        "Hvor mange der kan være i lokalet" => "How many people the room holds",
        "Opret lokalet" => "Create the room",
        "Luk et lokale i en periode" => "Close a room for a period",
        "Dato og klokkeslæt" => "Date and time",
        "Til" => "To",
        "Luk lokalet" => "Close the room",
        "Mødelokalet er oprettet." => "The meeting room has been created.",
        "Mødelokalet er lukket i perioden. Allerede bookede møder beholder lokalet." => {
            "The meeting room is closed for the period. Meetings already booked keep the room."
        }
        "Giv lokalet et navn på 1-100 tegn." => "Give the room a name of 1-100 characters.",
        "Angiv lokalets adresse, højst 200 tegn." => "Give the room's address, at most 200 characters.",
        "Angiv, hvor mange der kan være i lokalet: 1-10000." => {
            "Give how many people the room holds: 1-10000."
        }
        "Jobcentret har allerede et lokale med det navn." => {
            "The jobcenter already has a room with that name."
        }
        "Skriv højst 200 tegn i noten, uden linjeskift." => {
            "Write at most 200 characters in the note, without line breaks."
        }
        // The teams.
        "Teams, jobcenter {}" => "Teams, jobcenter {}",
        "Jobcentret har ingen teams endnu." => "The jobcenter has no teams yet.",
        "Teamet har ingen medlemmer." => "The team has no members.",
        "Medlemmer af {}" => "Members of {}",
        "Tilføj et medlem" => "Add a member",
        "Vælg vejleder" => "Choose a counselor",
        "Fra (valgfri)" => "From (optional)",
        "Dato åååå-mm-dd; tom: i dag" => "Date yyyy-mm-dd; empty: today",
        "Tilføj" => "Add",
        "Afslut et medlemskab" => "End a membership",
        "af {}" => "of {}",
        "Sidste dag (valgfri)" => "Last day (optional)",
        "Afslut" => "End",
        "medlemskabet af {}" => "the membership of {}",
        "Opret team" => "Create a team",
        "Opret teamet" => "Create the team",
        "Ukendt vejleder" => "Unknown counselor",
        "{} (sidste dag)" => "{} (last day)",
        "Medlem nu" => "Member now",
        "Teamet er oprettet." => "The team has been created.",
        "Vejlederen er med i teamet. Teamets tilbud har fået vejlederen med." => {
            "The counselor is in the team. The team's offers now include the counselor."
        }
        "Medlemskabet er afsluttet. Teamets tilbud har ikke længere vejlederen med." => {
            "The membership has ended. The team's offers no longer include the counselor."
        }
        "Giv teamet et navn på 1-100 tegn." => "Give the team a name of 1-100 characters.",
        "Jobcentret har allerede et team med det navn." => "The jobcenter already has a team with that name.",
        "Vælg en vejleder." => "Choose a counselor.",
        "Angiv datoen som åååå-mm-dd, eller lad feltet stå tomt for i dag." => {
            "Give the date as yyyy-mm-dd, or leave the field empty for today."
        }
        "Vælg en af jobcentrets vejledere." => "Choose one of the jobcenter's counselors.",
        "Vælg en vejleder, der er med i teamet nu." => "Choose a counselor who is in the team now.",
        _ => return None,
    })
}

/// The people and invitations.
fn people(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Personer og invitationer" => "People and invitations",
        "Personer og invitationer, jobcenter {}" => "People and invitations, jobcenter {}",
        "Inviter en kollega" => "Invite a colleague",
        "Din rolle giver ikke adgang til at invitere nogen her." => "Your role does not let you invite anybody here.",
        "Vælg rolle" => "Choose a role",
        "Sprog i mailen" => "Language of the e-mail",
        "Dansk" => "Danish",
        "Engelsk" => "English",
        "Send invitationen" => "Send the invitation",
        "Personer" => "People",
        "Ingen har en rolle i jobcentret endnu." => "Nobody has a role in the jobcenter yet.",
        "Roller" => "Roles",
        "Spærret" => "Blocked",
        "Aktiv" => "Active",
        "Åbn" => "Open",
        "Spær" => "Block",
        "kontoen for {}" => "the account of {}",
        "Invitationer" => "Invitations",
        "Der er ingen invitationer." => "There are no invitations.",
        "Gælder til" => "Valid until",
        "Tilbagekald" => "Revoke",
        "invitationen til {}" => "the invitation to {}",
        "et team" => "a team",
        "{} i jobcenter {}" => "{} in jobcenter {}",
        "Sendt" => "Sent",
        "Accepteret" => "Accepted",
        "Udløbet" => "Expired",
        "Tilbagekaldt" => "Revoked",
        "Hele jobcenter {}" => "All of jobcenter {}",
        "Team {}" => "Team {}",
        "Invitationen er sendt med mail." => "The invitation has been sent by e-mail.",
        "Invitationen er tilbagekaldt. Linket kan ikke længere bruges." => {
            "The invitation has been revoked. The link can no longer be used."
        }
        "Kontoen er spærret. Personen er logget ud og kan ikke logge ind." => {
            "The account has been blocked. The person has been signed out and cannot sign in."
        }
        "Kontoen er åbnet igen." => "The account has been opened again.",
        "Angiv en e-mailadresse, fx navn@kommune.dk." => "Give an e-mail address, e.g. name@kommune.dk.",
        "Vælg en rolle." => "Choose a role.",
        "Vælg, hvor rollen skal gælde." => "Choose where the role is to apply.",
        "Invitationen er oprettet" => "The invitation has been created",
        "Der er ikke sat en mailserver op, så giv personen linket herunder. Det vises kun denne ene gang, kan bruges én gang og gælder i 7 dage." => {
            "No mail server has been set up, so give the person the link below. It is shown this once only, \
             can be used once and is valid for 7 days."
        }
        "Tilbage til personer og invitationer" => "Back to people and invitations",
        "Invitationen er allerede brugt eller tilbagekaldt." => "The invitation has already been used or revoked.",
        "Invitationen er udløbet." => "The invitation has expired.",
        "Der er ingen bekræftet afsenderadresse til mails. Bed driften om at bekræfte jobcentrets afsenderadresse, og prøv igen. Der er ikke sendt nogen invitation." => {
            "There is no confirmed sender address for e-mails. Ask operations to confirm the jobcenter's \
             sender address, and try again. No invitation has been sent."
        }
        _ => return None,
    })
}

/// The webhook recipients, the set-up's subjects and its refusals.
fn rest(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Webhook-modtagere" => "Webhook recipients",
        "Webhook-modtagere, jobcenter {}" => "Webhook recipients, jobcenter {}",
        "Modtagerens hemmelighed (til signaturen X-Hub-Signature):" => {
            "The recipient's secret (for the X-Hub-Signature signature):"
        }
        "Giv den til modtagerens system ad en sikker vej. Den kan ikke vises igen." => {
            "Give it to the recipient's system by a secure route. It cannot be shown again."
        }
        "En modtager får jobcentrets hændelser (bookinger, indkaldelser) sendt til sin adresse. Modtagere for hele installationen styres af driften." => {
            "A recipient gets the jobcenter's events (bookings, summonses) sent to its address. \
             Recipients for the whole installation are managed by operations."
        }
        "Jobcentret har ingen webhook-modtagere." => "The jobcenter has no webhook recipients.",
        "Hændelser" => "Events",
        "Fjernet" => "Removed",
        "På pause" => "Paused",
        "Sæt på pause" => "Pause",
        "Opret en modtager" => "Create a recipient",
        "Planner laver modtagerens hemmelighed og viser den én gang, når modtageren er oprettet." => {
            "Planner makes the recipient's secret and shows it once, when the recipient has been created."
        }
        "Bogstaver a-z, tal, punktum, _ eller -" => "Letters a-z, digits, full stop, _ or -",
        "Alle hændelser" => "All events",
        "Opret modtageren" => "Create the recipient",
        "Modtageren er sat på pause. Nye hændelser sendes ikke til den." => {
            "The recipient has been paused. New events are not sent to it."
        }
        "Modtageren får hændelser igen. Hændelser fra pausen sendes ikke." => {
            "The recipient gets events again. Events from the pause are not sent."
        }
        "Modtageren er fjernet. Dens navn kan ikke bruges igen." => {
            "The recipient has been removed. Its name cannot be used again."
        }
        "Giv modtageren et navn på 1-100 tegn: bogstaverne a-z, tal, punktum, _ eller -." => {
            "Give the recipient a name of 1-100 characters: the letters a-z, digits, full stop, _ or -."
        }
        "Angiv en adresse, der begynder med https:// eller http://, med et værtsnavn." => {
            "Give an address that starts with https:// or http://, with a host name."
        }
        "Vælg mindst én slags hændelse." => "Choose at least one kind of event.",
        "Modtageren er oprettet. Kopier hemmeligheden nu: den vises kun denne ene gang." => {
            "The recipient has been created. Copy the secret now: it is shown this once only."
        }
        "Navnet er brugt af en anden modtager (også en fjernet). Vælg et andet." => {
            "The name is used by another recipient (a removed one too). Choose another."
        }
        "Modtageren er fjernet. Opret en ny, hvis der igen skal sendes hændelser." => {
            "The recipient has been removed. Create a new one if events are to be sent again."
        }
        // The subjects of a jobcenter's set-up.
        "de mødetilbud, borgere kan booke, og deres ledige tider" => "the offers citizens can book, and their free times",
        "tilbud, tidsrum og fordeling, indkaldelser starter fra" => "offer, period and distribution that summonses start from",
        "konti, roller og invitationer af kolleger" => "accounts, roles and invitations of colleagues",
        "lokaler, tilbud kan trække på" => "rooms that offers can draw on",
        "teams, selvbooking, indkaldelser og kompetencer" => "teams, self-booking, summonses and competencies",
        "teams og deres medlemmer over tid" => "teams and their members over time",
        "vejledernes uge, pauser og undtagelser" => "the counselors' week, breaks and exceptions",
        "vejledernes kalenderfeeds og import af optaget tid" => "the counselors' calendar feeds and import of busy time",
        "systemer, der får jobcentrets hændelser" => "systems that get the jobcenter's events",
        "helligdage, sædvanlige lukkedage og jobcentrets egne" => {
            "public holidays, customary closing days and the jobcenter's own"
        }
        // Refusals.
        "Dine roller giver ikke adgang til denne del af opsætningen af jobcenter {}." => {
            "Your roles do not give access to this part of the set-up of jobcenter {}."
        }
        "Til opsætningen" => "To the set-up",
        "Det findes ikke i dette jobcenter, eller det er fjernet." => {
            "It does not exist in this jobcenter, or it has been removed."
        }
        "Reglerne tillader ikke ændringen. Hent siden igen, og prøv en gang til." => {
            "The rules do not allow the change. Reload the page and try again."
        }
        _ => return None,
    })
}
