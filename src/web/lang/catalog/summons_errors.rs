//! English for the summons pages' field errors and refusals.

/// The English of `danish`, when it is one of these texts.
pub fn en(danish: &str) -> Option<&'static str> {
    Some(match danish {
        // The file.
        "Første linje skal være overskriften cpr (eller cpr;navn;telefon;email)." => "The first line must be the header cpr (or cpr;navn;telefon;email).",
        "Linjen kan ikke læses som CSV." => "The line cannot be read as CSV.",
        "Linjen har mere end 4 felter (cpr, navn, telefon, email)." => "The line has more than 4 fields (cpr, navn, telefon, email).",
        "CPR-nummeret er ikke gyldigt (10 cifre, der begynder med en dato)." => "The CPR number is not valid (10 digits beginning with a date).",
        "E-mailadressen mangler @." => "The e-mail address lacks @.",
        "Linje {}: {}" => "Line {}: {}",
        "Hent siden igen, vælg filen, og prøv en gang til." => "Reload the page, choose the file and try again.",
        "Til masseindkaldelse" => "To bulk summons",
        "Vælg en CSV-fil med borgerne." => "Choose a CSV file of the citizens.",
        "semikolon" => "semicolon",
        "komma" => "comma",
        "Filen er læst som {}, adskilt med {}." => "The file is read as {}, separated by {}.",
        "Filen har ingen borgere." => "The file has no citizens.",
        "Filen har mere end {} borgere. Del den op." => "The file has more than {} citizens. Split it up.",
        "Filen har {} fejl. Ret linjerne herunder, og vælg filen igen." => "The file has {} errors. Correct the lines below, and choose the file again.",
        "Masseindkaldelsen kunne ikke startes" => "The bulk summons could not be started",
        "Siden var for gammel, eller valgene passer ikke længere. Vælg filen igen, og se prøvekørslen en gang til." => "The page was too old, or the choices no longer fit. Choose the file again, and see the dry run once more.",
        "Masseindkaldelsen blev ikke startet" => "The bulk summons was not started",
        // The plan and the citizen.
        "Mødetypen kræver borgerens mobilnummer. Skriv det her." => "The type of meeting needs the citizen's mobile number. Type it here.",
        "Mødetypen kræver borgerens e-mailadresse. Skriv den her." => "The type of meeting needs the citizen's e-mail address. Type it here.",
        "Mødetypen kræver borgerens e-mailadresse eller mobilnummer. Skriv en af dem." => "The type of meeting needs the citizen's e-mail address or mobile number. Type one of them.",
        "Borgeren har allerede en kommende tid i dette tilbud. Find tiden i kalenderen, hvis den skal flyttes." => "The citizen already has an upcoming time in this offer. Find the time in the calendar if it is to be moved.",
        "Der er ingen ledige tider i perioden hos de valgte vejledere. Vælg en længere periode eller andre vejledere." => "There are no free times in the period with the chosen counselors. Choose a longer period or other counselors.",
        "Tiden er ikke længere ledig. Vælg en af de ledige tider, der vises nu." => "The time is no longer free. Choose one of the free times shown now.",
        "Tiden ligger før tilbuddets varsel. Vælg en senere tid." => "The time is before the offer's notice. Choose a later time.",
        "Jobcentret har lukket på det tidspunkt (helligdag eller lukkedag). Vælg en anden tid." => "The jobcenter is closed at that time (a public holiday or closing day). Choose another time.",
        "Perioden må højst slutte {} dage fra i dag." => "The period may end at most {} days from today.",
        "En af de valgte vejledere har ikke tilbuddet. Vælg et team eller en anden vejleder." => "One of the chosen counselors does not have the offer. Choose a team or another counselor.",
        "Tilbuddet findes ikke længere. Vælg et andet." => "The offer no longer exists. Choose another.",
        "Reglerne for tilbuddet tillader ikke indkaldelsen, som den er valgt." => "The offer's rules do not allow the summons as chosen.",
        "Jobcentret har lukket i perioden: {}." => "The jobcenter is closed in the period: {}.",
        "Din rolle giver ikke adgang til at indkalde borgere. Det kræver rollen indkalder." => "Your role does not give access to summoning citizens. That takes the role summoner.",
        "Findes ikke" => "Does not exist",
        "Det valgte findes ikke, eller det hører ikke til de teams og jobcentre, dine roller gælder for." => "What was chosen does not exist, or it does not belong to the teams and jobcenters your roles apply to.",
        "Til indkaldelse" => "To summons",
        "Vælg en af tiderne." => "Choose one of the times.",
        "Skriv et helt antal timer fra 0 til {}, eller lad feltet stå tomt." => "Type a whole number of hours from 0 to {}, or leave the field empty.",
        "Skabelonens mødetype har intet aktivt tilbud. Vælg et tilbud i stedet." => "The template's type of meeting has no active offer. Choose an offer instead.",
        "Vælg et tilbud eller en skabelon." => "Choose an offer or a template.",
        "Tilbuddet er ikke aktivt. Vælg et andet." => "The offer is not active. Choose another.",
        "Holdet har ingen aktive vejledere, der har tilbuddet. Vælg en anden." => "The team has no active counselors with the offer. Choose another.",
        "Vejlederen har ikke tilbuddet. Vælg en anden vejleder eller et team." => "The counselor does not have the offer. Choose another counselor or a team.",
        "Skriv den første dag. Skriv datoen som åååå-mm-dd, fx 2027-03-15." => {
            "Type the first day. Type the date as yyyy-mm-dd, e.g. 2027-03-15."
        }
        "Skriv den sidste dag. Skriv datoen som åååå-mm-dd, fx 2027-03-15." => {
            "Type the last day. Type the date as yyyy-mm-dd, e.g. 2027-03-15."
        }
        "Vælg, hvordan borgerne fordeles." => "Choose how the citizens are distributed.",
        "Siden var for gammel. Skriv borgerens CPR-nummer igen." => "The page was too old. Type the citizen's CPR number again.",
        "Skriv borgerens CPR-nummer." => "Type the citizen's CPR number.",
        "Skriv et gyldigt CPR-nummer med 10 cifre, fx 010190-1234." => "Type a valid CPR number with 10 digits, e.g. 010190-1234.",
        "Skriv en e-mailadresse med @, fx navn@eksempel.dk." => "Type an e-mail address with @, e.g. name@example.dk.",
        // Plan links.
        "Plan-linket er ikke sat op" => "The plan link is not set up",
        "Planner tager ikke imod plan-links. Kontakt jobcentrets administrator." => "Planner does not accept plan links. Contact the jobcenter's administrator.",
        "Linket er ugyldigt" => "The link is invalid",
        "Linket er ændret eller ufuldstændigt. Åbn det igen fra sagssystemet." => "The link is changed or incomplete. Open it again from the case system.",
        "Linket er udløbet" => "The link has expired",
        "Et plan-link virker kun i få minutter. Åbn det igen fra sagssystemet." => "A plan link works for a few minutes only. Open it again from the case system.",
        "Linket er allerede brugt" => "The link is already used",
        "Et plan-link kan kun åbnes én gang. Åbn et nyt fra sagssystemet." => "A plan link can be opened once only. Open a new one from the case system.",
        "Plan-linket er udløbet eller allerede brugt. Åbn et nyt fra sagssystemet." => "The plan link has expired or is already used. Open a new one from the case system.",
        "Plan-linket blev åbnet for en anden medarbejder. Åbn et nyt fra sagssystemet." => "The plan link was opened for another member of staff. Open a new one from the case system.",
        "Linket er til en anden" => "The link is for someone else",
        "Personen i plan-linket findes ikke i Planner, eller har intet CPR-nummer. Skriv CPR-nummeret i stedet." => "The person in the plan link does not exist in Planner, or has no CPR number. Type the CPR number instead.",
        "Personen findes ikke" => "The person does not exist",
        _ => return None,
    })
}
