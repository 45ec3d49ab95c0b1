/// The French words the demo data is made of: cities, names, topics and what members say.
enum DemoVocabulary {
    /// A place where the chain has a gym.
    typealias Site = (city: String, district: String, zone: String)

    /// City, district, IANA zone. Overseas departments keep the product's zones honest: the
    /// third gym of every demo is in Martinique, and Réunion, New Caledonia and French Guiana
    /// follow among the first twenty.
    static let sites: [Site] = [
        ("Paris", "Bastille", "Europe/Paris"), ("Paris", "Montparnasse", "Europe/Paris"),
        ("Fort-de-France", "Centre", "America/Martinique"), ("Lyon", "Part-Dieu", "Europe/Paris"),
        ("Marseille", "Vieux-Port", "Europe/Paris"), ("Toulouse", "Capitole", "Europe/Paris"),
        ("Bordeaux", "Chartrons", "Europe/Paris"), ("Saint-Denis", "Barachois", "Indian/Reunion"),
        ("Lille", "Vieux-Lille", "Europe/Paris"), ("Nantes", "Île de Nantes", "Europe/Paris"),
        ("Paris", "La Défense", "Europe/Paris"), ("Nice", "Promenade", "Europe/Paris"),
        ("Nouméa", "Baie des Citrons", "Pacific/Noumea"), ("Strasbourg", "Petite France", "Europe/Paris"),
        ("Montpellier", "Antigone", "Europe/Paris"), ("Lyon", "Confluence", "Europe/Paris"),
        ("Rennes", "Sainte-Anne", "Europe/Paris"), ("Cayenne", "Centre", "America/Cayenne"),
        ("Paris", "Batignolles", "Europe/Paris"), ("Marseille", "Prado", "Europe/Paris"),
        ("Reims", "Cathédrale", "Europe/Paris"), ("Grenoble", "Championnet", "Europe/Paris"),
        ("Dijon", "Darcy", "Europe/Paris"), ("Angers", "Centre", "Europe/Paris"),
        ("Tours", "Vieux-Tours", "Europe/Paris"), ("Clermont-Ferrand", "Jaude", "Europe/Paris"),
        ("Le Havre", "Saint-François", "Europe/Paris"), ("Brest", "Siam", "Europe/Paris"),
        ("Limoges", "Bénédictins", "Europe/Paris"), ("Annecy", "Vieille Ville", "Europe/Paris"),
    ]

    static let firstNames = [
        "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Jade", "Louise", "Sarah", "Julie",
        "Clara", "Alice", "Anaïs", "Margaux", "Pauline", "Marie", "Lucie", "Zoé", "Océane", "Élodie",
        "Lucas", "Hugo", "Louis", "Nathan", "Gabriel", "Jules", "Thomas", "Arthur", "Théo", "Léo",
        "Maxime", "Antoine", "Alexandre", "Nicolas", "Julien", "Paul", "Romain", "Mathis", "Raphaël", "Yanis",
    ]

    static let lastNames = [
        "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
        "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
        "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Faure", "André", "Mercier",
        "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin",
    ]

    /// The names as they appear in e-mail addresses: lower case, without accents.
    static let emailFirstNames = firstNames.map { fold($0) }
    static let emailLastNames = lastNames.map { fold($0) }

    static let kioskNames = ["Accueil", "Plateau musculation", "Espace cardio", "Vestiaires", "Studio cours collectifs"]

    static let topics = [
        "horaires", "abonnement", "cours collectifs", "coaching", "équipements", "douches",
        "parking", "tarifs", "résiliation", "nutrition", "affluence", "réservation",
    ]

    /// What unhappy members talk about.
    static let complaintTopics = ["équipements", "douches", "résiliation", "affluence", "tarifs"]

    /// What a member asks, and what the assistant answers, on a topic.
    static let exchanges: [String: [(question: String, answer: String)]] = [
        "horaires": [
            ("À quelle heure ferme la salle ce soir ?", "Ce soir, la salle ferme à 22 h."),
            ("Vous êtes ouverts le dimanche ?", "Oui, le dimanche de 9 h à 13 h."),
        ],
        "abonnement": [
            ("Quand se termine mon abonnement ?", "Votre abonnement se termine à la date indiquée dans votre espace membre."),
            ("Je peux suspendre mon abonnement pendant mes vacances ?", "Oui, jusqu'à deux mois par an, à demander à l'accueil."),
        ],
        "cours collectifs": [
            ("Il reste de la place au cours de yoga de 18 h ?", "Il reste quatre places, je vous inscris ?"),
            ("Le cours de RPM est annulé ?", "Oui, il est remplacé par un cours de HIIT à la même heure."),
        ],
        "coaching": [
            ("Je voudrais un programme pour reprendre en douceur.", "Je vous propose trois séances par semaine, avec un coach pour la première.")
        ],
        "équipements": [
            ("Le tapis de course numéro 3 est encore en panne.", "Merci, je signale la panne à l'équipe technique."),
            ("Il manque des haltères de 12 kg.", "Je préviens l'équipe, ils seront remis en place."),
        ],
        "douches": [("Il n'y a plus d'eau chaude dans les douches.", "Désolé, je préviens immédiatement le responsable.")],
        "parking": [("Le parking est gratuit pour les membres ?", "Oui, deux heures gratuites avec votre badge.")],
        "tarifs": [("Combien coûte l'abonnement annuel ?", "L'abonnement annuel est à 399 euros, soit 33,25 euros par mois.")],
        "résiliation": [
            ("Comment je fais pour résilier ?", "Vous pouvez résilier depuis votre espace membre ou à l'accueil, avec un mois de préavis.")
        ],
        "nutrition": [("Vous avez des conseils pour mes protéines ?", "Je peux vous proposer un rendez-vous avec notre diététicienne.")],
        "affluence": [("Il y a du monde en ce moment ?", "La salle est calme, environ vingt personnes.")],
        "réservation": [("Je peux réserver un créneau de squash ?", "Le créneau de 19 h est libre, je le réserve pour vous.")],
    ]

    static let facts: [(category: String, text: String)] = [
        ("preference", "Préfère s'entraîner tôt le matin"), ("preference", "Aime les cours collectifs"),
        ("goal", "Prépare un semi-marathon"), ("goal", "Souhaite perdre du poids"), ("goal", "Prise de masse"),
        ("health", "Douleur au genou droit, éviter les squats lourds"), ("health", "Reprise après une blessure au dos"),
        ("schedule", "Vient surtout à la pause déjeuner"), ("schedule", "Absent en août"), ("other", "Parle aussi anglais"),
    ]

    /// Lower-case ASCII: French accents and ligatures folded (`Élodie` → `elodie`,
    /// `Cœur` → `coeur`). A fixed table rather than ICU's transforms, so that the demo's
    /// content does not depend on the ICU version of the machine that generates it.
    static func fold(_ text: String) -> String {
        var folded = ""
        folded.reserveCapacity(text.utf8.count)
        for character in text.lowercased() {
            switch character {
            case "à", "â", "ä", "á": folded += "a"
            case "é", "è", "ê", "ë": folded += "e"
            case "î", "ï", "í": folded += "i"
            case "ô", "ö", "ó": folded += "o"
            case "ù", "û", "ü", "ú": folded += "u"
            case "ÿ": folded += "y"
            case "ç": folded += "c"
            case "œ": folded += "oe"
            case "æ": folded += "ae"
            default: folded.append(character)
            }
        }
        return folded
    }

    /// A URL-safe identifier: folded letters and digits, words joined by single hyphens
    /// (`Île de Nantes` → `ile-de-nantes`).
    static func slug(_ text: String) -> String {
        var slug = ""
        for character in fold(text) {
            if character.isASCII && (character.isLetter || character.isNumber) {
                slug.append(character)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        return slug.hasSuffix("-") ? String(slug.dropLast()) : slug
    }
}
