//! English for what every page shares: the frame, signing in, the start page, errors.

/// The English of `danish`, when it is one of these texts.
pub fn en(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Gå til indholdet" => "Skip to content",
        "Log ud" => "Sign out",
        "Ret det, der er markeret" => "Correct what is marked",
        "Til forsiden" => "To the start page",
        "Vælg dansk eller engelsk." => "Choose Danish or English.",
        "Sproget findes ikke" => "No such language",
        // Signing in.
        "Log ind" => "Sign in",
        "Til log ind" => "To sign in",
        "Eller log ind med e-mailadresse, adgangskode og kode:" => {
            "Or sign in with e-mail address, password and code:"
        }
        "E-mailadresse" => "E-mail address",
        "Adgangskode" => "Password",
        "Har du fået en invitation, så brug linket i mailen for at oprette din konto." => {
            "If you have received an invitation, use the link in the e-mail to create your account."
        }
        "Bekræft med kode" => "Confirm with a code",
        "Bekræft, at det er dig, {}" => "Confirm that it is you, {}",
        "Kode fra din godkendelsesapp" => "Code from your authenticator app",
        "Seks cifre. Har du mistet din telefon, så skriv en af dine gendannelseskoder." => {
            "Six digits. If you have lost your phone, type one of your recovery codes."
        }
        "Fortsæt" => "Continue",
        "Afbryd og log ud" => "Cancel and sign out",
        "Gendannelseskoder" => "Recovery codes",
        "Trin 3 af 3: Gem dine gendannelseskoder" => "Step 3 of 3: Save your recovery codes",
        "Din konto er oprettet, {}, og du er logget ind." => "Your account has been created, {}, and you are signed in.",
        "Mister du telefonen med godkendelsesappen, kan du logge ind med en af disse koder i stedet. Hver kode virker én gang. Gem dem et sikkert sted nu: de bliver ikke vist igen." => {
            "If you lose the phone with the authenticator app, you can sign in with one of these codes instead. \
             Each code works once. Keep them somewhere safe now: they will not be shown again."
        }
        "Jeg har gemt koderne – fortsæt til forsiden" => "I have saved the codes – continue to the start page",
        "For mange forsøg" => "Too many attempts",
        "Der er forsøgt logget ind for mange gange. Prøv igen efter kl. {}." => {
            "There have been too many attempts to sign in. Try again after {}."
        }
        "Skriv din e-mailadresse, fx navn@kommune.dk." => "Type your e-mail address, e.g. name@kommune.dk.",
        "E-mailadressen eller adgangskoden er forkert." => "The e-mail address or the password is wrong.",
        "Koden er forkert eller brugt. Skriv den kode, din app viser nu." => {
            "The code is wrong or used. Type the code your app shows now."
        }
        "Skriv din e-mailadresse." => "Type your e-mail address.",
        // The start page.
        "Forside" => "Start page",
        "Velkommen, {}" => "Welcome, {}",
        "Du er logget ind som {}." => "You are signed in as {}.",
        "Kalendere" => "Calendars",
        "Rapporter" => "Reports",
        "Søg bookinger" => "Search bookings",
        "Kalenderkonflikter" => "Calendar conflicts",
        "Opsætning" => "Set-up",
        "Revisionslog" => "Audit log",
        "Webhook-leveringer" => "Webhook deliveries",
        "DFDG's beskedlog" => "DFDG's message log",
        "DFDG's fejlmeldinger" => "DFDG's error reports",
        "Indkaldelse" => "Summons",
        "Dine roller" => "Your roles",
        "Rolle" => "Role",
        "Gælder for" => "Applies to",
        "Log ind med kommunens login fremover: forbind din konto" => {
            "Sign in with the municipality's login from now on: link your account"
        }
        "Administrator" => "Administrator",
        "Indkalder" => "Summoner",
        "Vejleder" => "Counselor",
        "Læser" => "Reader",
        "hele jobcenter {}" => "all of jobcenter {}",
        "team {} i jobcenter {}" => "team {} in jobcenter {}",
        "Dine roller giver ikke adgang til opsætningen af et jobcenter." => {
            "Your roles do not give access to the set-up of a jobcenter."
        }
        // Errors.
        "Planner kan ikke svare lige nu" => "Planner cannot answer right now",
        "Prøv igen om lidt. Fortsætter fejlen, så kontakt jobcentrets administrator." => {
            "Try again in a moment. If the error persists, contact the jobcenter's administrator."
        }
        "Formularen kunne ikke læses" => "The form could not be read",
        "Noget i formularen manglede eller var for langt. Hent siden igen, og prøv en gang til." => {
            "Something in the form was missing or too long. Reload the page and try again."
        }
        "Formularen kunne ikke sendes" => "The form could not be sent",
        "Siden var for gammel, eller formularen kom fra et andet websted. Hent siden igen, og prøv en gang til." => {
            "The page was too old, or the form came from another site. Reload the page and try again."
        }
        _ => return None,
    })
}
