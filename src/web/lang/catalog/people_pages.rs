//! English for the pages of an invitation (the landing page, the authenticator app), the
//! municipality's login, and texts built with values: the reports' chart and longest period,
//! and the summons forms' choices.

/// The English of `danish`, when it is one of these texts.
pub fn en(danish: &str) -> Option<&'static str> {
    invitation(danish).or_else(|| sign_on(danish)).or_else(|| values(danish))
}

/// An invitation: its landing page, the authenticator app, and why it cannot be used.
fn invitation(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Invitation" => "Invitation",
        "Du er inviteret til Planner" => "You are invited to Planner",
        "Invitationen giver" => "The invitation gives",
        "rollen" => "the role",
        "for {}. Den gælder til {}." => "for {}. It is valid until {}.",
        "Tilføj rollen til min konto" => "Add the role to my account",
        "Du er logget ind som en anden end den, invitationen er sendt til. Log ud, og åbn linket igen." => {
            "You are signed in as someone other than the person the invitation was sent to. Sign out, and open \
             the link again."
        }
        "Du har allerede en konto med denne e-mailadresse. Log ind, så kan du tilføje rollen til den." => {
            "You already have an account with this e-mail address. Sign in, and you can add the role to it."
        }
        "Opret med kommunens login" => "Create it with the municipality's login",
        "Eller opret en konto med adgangskode og godkendelsesapp:" => {
            "Or create an account with a password and an authenticator app:"
        }
        "Trin 1 af 3: Navn og adgangskode" => "Step 1 of 3: Name and password",
        "Dit navn" => "Your name",
        "Som dine kolleger skal se det." => "As your colleagues are to see it.",
        "Mindst 10 tegn. Nogle ord, der ikke hører sammen, er lette at huske og svære at gætte." => {
            "At least 10 characters. A few words that do not belong together are easy to remember and hard to guess."
        }
        "Adgangskode igen" => "Password again",
        "Godkendelsesapp" => "Authenticator app",
        "Trin 2 af 3: Godkendelsesapp" => "Step 2 of 3: Authenticator app",
        "Åbn din godkendelsesapp (fx Microsoft Authenticator eller Google Authenticator), vælg at tilføje en konto, og scan QR-koden." => {
            "Open your authenticator app (e.g. Microsoft Authenticator or Google Authenticator), choose to add an \
             account, and scan the QR code."
        }
        "Kan du ikke scanne, så indtast denne nøgle i appen:" => "If you cannot scan, type this key in the app:",
        "Koden, appen viser" => "The code the app shows",
        "Opret konto" => "Create the account",
        "QR-kode, der tilføjer din konto i en godkendelsesapp" => {
            "QR code that adds your account to an authenticator app"
        }
        "Invitationen findes ikke" => "The invitation does not exist",
        "Linket er ufuldstændigt eller ikke længere gyldigt. Kopiér hele linket fra mailen, eller bed den, der inviterede dig, om en ny invitation." => {
            "The link is incomplete or no longer valid. Copy the whole link from the e-mail, or ask the person \
             who invited you for a new invitation."
        }
        "Invitationen er udløbet" => "The invitation has expired",
        "Bed den, der inviterede dig, om at forlænge invitationen. Derefter virker det samme link igen i 7 dage." => {
            "Ask the person who invited you to extend the invitation. Then the same link works again for 7 days."
        }
        "Invitationen er brugt" => "The invitation has been used",
        "Den er allerede brugt til at oprette en konto eller give en rolle. Log ind med din konto." => {
            "It has already been used to create an account or to give a role. Sign in with your account."
        }
        "Invitationen er trukket tilbage" => "The invitation has been withdrawn",
        "Kontakt den, der inviterede dig, hvis du stadig skal have adgang." => {
            "Contact the person who invited you if you still need access."
        }
        "Adgangskoden er for kort. Brug mindst 10 tegn, fx nogle ord, der ikke hører sammen." => {
            "The password is too short. Use at least 10 characters, e.g. a few words that do not belong together."
        }
        "Adgangskoden er for lang. Brug højst 128 tegn." => "The password is too long. Use at most 128 characters.",
        "Adgangskoden er for let at gætte. Undgå almindelige ord, navne, datoer og tastaturmønstre, eller tilføj flere ord." => {
            "The password is too easy to guess. Avoid common words, names, dates and keyboard patterns, or add \
             more words."
        }
        "Adgangskoden indeholder dit navn eller din e-mailadresse. Vælg en uden." => {
            "The password contains your name or your e-mail address. Choose one without."
        }
        "Skriv dit navn, som kolleger skal se det (højst 100 tegn)." => {
            "Type your name as colleagues are to see it (at most 100 characters)."
        }
        "De to adgangskoder er ikke ens. Skriv den samme to gange." => {
            "The two passwords are not the same. Type the same one twice."
        }
        "Siden er for gammel" => "The page is too old",
        "Der gik for lang tid, eller siden blev ændret. Start forfra med navn og adgangskode." => {
            "Too much time went by, or the page was changed. Start again with name and password."
        }
        "Koden passer ikke. Skriv de seks cifre, appen viser nu." => {
            "The code does not match. Type the six digits the app shows now."
        }
        "Der findes allerede en konto med denne e-mailadresse. Log ind, og åbn linket igen for at få rollen." => {
            "There is already an account with this e-mail address. Sign in, and open the link again to get the role."
        }
        "Invitationen udløb, mens du oprettede kontoen. Bed om at få den forlænget." => {
            "The invitation expired while you were creating the account. Ask to have it extended."
        }
        "Invitationen er allerede brugt eller trukket tilbage." => {
            "The invitation has already been used or withdrawn."
        }
        "Invitationen kunne ikke bruges" => "The invitation could not be used",
        "Invitationen er til en anden" => "The invitation is for someone else",
        "Log ud, og åbn linket igen som den, invitationen er sendt til." => {
            "Sign out, and open the link again as the person the invitation was sent to."
        }
        _ => return None,
    })
}

/// Signing on with the municipality's login, and linking an account to it.
fn sign_on(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Kommunens login" => "The municipality's login",
        "Din konto er knyttet til kommunens login. Du kan logge ind med det." => {
            "Your account is linked to the municipality's login. You can sign in with it."
        }
        "Knyt din konto til kommunens login, så kan du logge ind med det i stedet for adgangskode og kode." => {
            "Link your account to the municipality's login, and you can sign in with it instead of a password \
             and a code."
        }
        "Kommunens login er ikke sat op" => "The municipality's login has not been set up",
        "Log ind med e-mailadresse, adgangskode og kode." => "Sign in with e-mail address, password and code.",
        "Kommunens login svarer ikke" => "The municipality's login does not answer",
        "Prøv igen om lidt, eller log ind med e-mailadresse, adgangskode og kode." => {
            "Try again in a moment, or sign in with e-mail address, password and code."
        }
        "Log ind med kommunens login mislykkedes" => "Signing in with the municipality's login failed",
        "Log ind blev afbrudt, var for gammelt eller kunne ikke godkendes. Prøv igen fra log ind-siden." => {
            "Signing in was interrupted, was too old or could not be approved. Try again from the sign-in page."
        }
        "Ingen adgang" => "No access",
        "Din konto findes ikke i Planner. Bed din administrator om en invitation." => {
            "Your account does not exist in Planner. Ask your administrator for an invitation."
        }
        "Du har allerede en konto" => "You already have an account",
        "Der findes allerede en konto med denne e-mailadresse. Log ind med adgangskode og kode, og åbn linket igen for at få rollen." => {
            "There is already an account with this e-mail address. Sign in with password and code, and open the \
             link again to get the role."
        }
        "Dit kommunelogin hører til en anden person end den, invitationen er sendt til." => {
            "Your municipal login belongs to another person than the one the invitation was sent to."
        }
        "Kontoen kunne ikke knyttes" => "The account could not be linked",
        "Dit kommunelogin er allerede knyttet til en anden konto, eller din konto er knyttet til et andet kommunelogin." => {
            "Your municipal login is already linked to another account, or your account is linked to another \
             municipal login."
        }
        _ => return None,
    })
}

/// Texts built with values or read on the blocking pool: the reports' chart and longest period,
/// busy time in a week, a summons refused, the summons forms' choices.
fn values(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "{} Tallene står i tabellen ved siden af." => "{} The figures are in the table beside it.",
        "En rapport dækker højst {} dage. Vælg en kortere periode." => {
            "A report covers at most {} days. Choose a shorter period."
        }
        "{} (hele jobcentret)" => "{} (the whole jobcenter)",
        "Ingen data i perioden" => "No data in the period",
        // Busy time in a counselor's week.
        "Optaget (fra kalender)" => "Busy (from the calendar)",
        "Optaget: {}" => "Busy: {}",
        "Skriv højst {} tegn i noten, uden linjeskift." => "Write at most {} characters in the note, without line breaks.",
        // A summons refused.
        "Mødetypen bruges kun til opfølgning på udeblivelser og kan ikke bruges til nye indkaldelser. Vælg et andet tilbud." => {
            "The interview type is only for following up no-shows and cannot be used for new summonses. Choose \
             another offer."
        }
        // The summons forms' choices.
        ", mødetype {}" => ", interview type {}",
        " (jobcenter {})" => " (jobcenter {})",
        _ => return None,
    })
}
