/// The French words the demo data is made of: cities, names, topics and what members say.
enum DemoVocabulary {
    /// City, district, IANA zone. Overseas departments keep the product's zones honest.
    static let sites: [(city: String, district: String, zone: String)] = [
        ("Paris", "Bastille", "Europe/Paris"), ("Paris", "Montparnasse", "Europe/Paris"),
        ("Paris", "La Défense", "Europe/Paris"), ("Paris", "Batignolles", "Europe/Paris"),
        ("Lyon", "Part-Dieu", "Europe/Paris"), ("Lyon", "Confluence", "Europe/Paris"),
        ("Marseille", "Vieux-Port", "Europe/Paris"), ("Marseille", "Prado", "Europe/Paris"),
        ("Toulouse", "Capitole", "Europe/Paris"), ("Nice", "Promenade", "Europe/Paris"),
        ("Nantes", "Île de Nantes", "Europe/Paris"), ("Strasbourg", "Petite France", "Europe/Paris"),
        ("Montpellier", "Antigone", "Europe/Paris"), ("Bordeaux", "Chartrons", "Europe/Paris"),
        ("Lille", "Vieux-Lille", "Europe/Paris"), ("Rennes", "Sainte-Anne", "Europe/Paris"),
        ("Reims", "Cathédrale", "Europe/Paris"), ("Grenoble", "Championnet", "Europe/Paris"),
        ("Dijon", "Darcy", "Europe/Paris"), ("Angers", "Centre", "Europe/Paris"),
        ("Fort-de-France", "Centre", "America/Martinique"), ("Saint-Denis", "Barachois", "Indian/Reunion"),
        ("Nouméa", "Baie des Citrons", "Pacific/Noumea"), ("Cayenne", "Centre", "America/Cayenne"),
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

    static let kioskNames = ["Accueil", "Plateau musculation", "Espace cardio", "Vestiaires", "Studio cours collectifs"]

    static let topics = [
        "horaires", "abonnement", "cours collectifs", "coaching", "équipements", "douches",
        "parking", "tarifs", "résiliation", "nutrition", "affluence", "réservation",
    ]

    /// What a member asks, and what the assistant answers, on a topic.
    static let exchanges: [String: [(question: String, answer: String)]] = [
        "horaires": [("À quelle heure ferme la salle ce soir ?", "Ce soir, la salle ferme à 22 h."),
                     ("Vous êtes ouverts le dimanche ?", "Oui, le dimanche de 9 h à 13 h.")],
        "abonnement": [("Quand se termine mon abonnement ?", "Votre abonnement se termine à la date indiquée dans votre espace membre."),
                       ("Je peux suspendre mon abonnement pendant mes vacances ?", "Oui, jusqu'à deux mois par an, à demander à l'accueil.")],
        "cours collectifs": [("Il reste de la place au cours de yoga de 18 h ?", "Il reste quatre places, je vous inscris ?"),
                             ("Le cours de RPM est annulé ?", "Oui, il est remplacé par un cours de HIIT à la même heure.")],
        "coaching": [("Je voudrais un programme pour reprendre en douceur.", "Je vous propose trois séances par semaine, avec un coach pour la première.")],
        "équipements": [("Le tapis de course numéro 3 est encore en panne.", "Merci, je signale la panne à l'équipe technique."),
                        ("Il manque des haltères de 12 kg.", "Je préviens l'équipe, ils seront remis en place.")],
        "douches": [("Il n'y a plus d'eau chaude dans les douches.", "Désolé, je préviens immédiatement le responsable.")],
        "parking": [("Le parking est gratuit pour les membres ?", "Oui, deux heures gratuites avec votre badge.")],
        "tarifs": [("Combien coûte l'abonnement annuel ?", "L'abonnement annuel est à 399 euros, soit 33,25 euros par mois.")],
        "résiliation": [("Comment je fais pour résilier ?", "Vous pouvez résilier depuis votre espace membre ou à l'accueil, avec un mois de préavis.")],
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
}
