/// The weekly report page as a Mustache template, compiled into the binary so that the
/// release build stays one file; rendered by ``WeeklyReportHTML`` with ``HTMLTemplates``
/// from a ``WeeklyReportPage``.
///
/// `{{x}}` is escaped. `{{{x}}}` is used only for the stylesheet below and the two SVG charts,
/// markup built by ``WeeklyReportHTML`` from escaped texts and numbers.
enum WeeklyReportTemplate {
    static let name = "weekly-report"

    static let page = """
        <!DOCTYPE html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} – {{gym}}</title>
        <style>{{{stylesheet}}}</style>
        </head>
        <body>
        <main>
        <header>
        <p class="eyebrow">{{gym}} · semaine {{week}}</p>
        <h1>{{title}}</h1>
        <p class="period">Du {{monday}} au {{sunday}} ({{zone}}) · généré le {{generated}}</p>
        </header>
        <section class="cards">
        {{#cards}}
        <div class="card {{tone}}"><p class="label">{{label}}</p><p class="value">{{value}}</p><p class="note">{{note}}</p></div>
        {{/cards}}
        </section>
        <section class="insights">
        <h2>Points clés</h2>
        {{#hasInsights}}
        <ul>
        {{#insights}}
        <li class="{{severity}}"><span class="badge">{{label}}</span> {{message}}</li>
        {{/insights}}
        </ul>
        {{/hasInsights}}
        {{^hasInsights}}
        <p class="empty">Rien à signaler cette semaine.</p>
        {{/hasInsights}}
        </section>
        <section>
        <h2>Visites par jour</h2>
        {{{visitsChart}}}
        </section>
        <div class="columns">
        <section>
        <h2>Risque de départ des membres actifs</h2>
        {{{churnChart}}}
        {{#unscoredNote}}
        <p class="note">{{.}}</p>
        {{/unscoredNote}}
        </section>
        <section>
        <h2>Membres à contacter en priorité</h2>
        {{#hasAtRisk}}
        <table>
        <thead><tr><th>Membre</th><th class="number">Score</th><th>Niveau</th></tr></thead>
        <tbody>
        {{#atRisk}}
        <tr><td>{{name}}</td><td class="number">{{score}}</td><td><span class="pill {{level}}">{{levelText}}</span></td></tr>
        {{/atRisk}}
        </tbody>
        </table>
        {{#atRiskNote}}
        <p class="note">{{.}}</p>
        {{/atRiskNote}}
        {{/hasAtRisk}}
        {{^hasAtRisk}}
        <p class="empty">Aucun membre à risque élevé.</p>
        {{/hasAtRisk}}
        </section>
        </div>
        <div class="columns">
        <section>
        <h2>Conversations</h2>
        {{#conversations}}
        <table>
        <tbody>
        <tr><td>Conversations</td><td class="number">{{total}}</td></tr>
        <tr><td>Résumés positifs</td><td class="number">{{positive}}</td></tr>
        <tr><td>Résumés neutres</td><td class="number">{{neutral}}</td></tr>
        <tr><td>Résumés négatifs</td><td class="number">{{negative}}</td></tr>
        </tbody>
        </table>
        {{/conversations}}
        <h3>Sujets les plus abordés</h3>
        {{#hasTopics}}
        <table>
        <tbody>
        {{#topics}}
        <tr><td>{{label}}</td><td class="number">{{count}}</td></tr>
        {{/topics}}
        </tbody>
        </table>
        {{/hasTopics}}
        {{^hasTopics}}
        <p class="empty">Aucun sujet relevé.</p>
        {{/hasTopics}}
        </section>
        <section>
        <h2>Alertes créées</h2>
        <table>
        <tbody>
        {{#alerts}}
        <tr><td>{{label}}</td><td class="number">{{count}}</td></tr>
        {{/alerts}}
        <tr class="total"><td>Total</td><td class="number">{{alertsTotal}}</td></tr>
        </tbody>
        </table>
        </section>
        </div>
        <section>
        <h2>Disponibilité des kiosks</h2>
        {{#hasKiosks}}
        <table>
        <thead><tr><th>Kiosk</th><th>État actuel</th><th class="number">Créneaux de 10 min avec signal</th><th class="number">Disponibilité</th></tr></thead>
        <tbody>
        {{#kiosks}}
        <tr{{#below}} class="below"{{/below}}><td>{{name}} <span class="muted">{{slug}}</span></td><td>{{status}}</td><td class="number">{{upBuckets}} / {{buckets}}</td><td class="number">{{uptime}}</td></tr>
        {{/kiosks}}
        {{#kioskTotal}}
        <tr class="total"><td>{{name}}</td><td></td><td class="number">{{upBuckets}} / {{buckets}}</td><td class="number">{{uptime}}</td></tr>
        {{/kioskTotal}}
        </tbody>
        </table>
        {{/hasKiosks}}
        {{^hasKiosks}}
        <p class="empty">Aucun kiosk en service.</p>
        {{/hasKiosks}}
        </section>
        <footer>Période mesurée : {{windowStart}} → {{windowEnd}} (UTC, {{windowHours}} heures). Rapport généré par jarvis.</footer>
        </main>
        </body>
        </html>

        """

    static let stylesheet = """

        :root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --accent: #2563eb; --previous: #9ca3af;
                --good: #15803d; --bad: #b91c1c; --warn: #b45309; --paper: #ffffff; --page: #f3f4f6; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--page); color: var(--ink);
               font: 15px/1.45 "DejaVu Sans", "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
        main { max-width: 1000px; margin: 0 auto; padding: 24px; }
        header { margin-bottom: 16px; }
        .eyebrow { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; font-size: 12px; }
        h1 { margin: 4px 0; font-size: 26px; }
        h2 { margin: 0 0 12px; font-size: 17px; }
        h3 { margin: 16px 0 8px; font-size: 15px; }
        .period { margin: 0; color: var(--muted); }
        section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-bottom: 16px; }
        .cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; background: none; border: 0; padding: 0; }
        .card { background: var(--paper); border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 8px; padding: 12px 16px; }
        .card.good { border-left-color: var(--good); }
        .card.bad { border-left-color: var(--bad); }
        .card .label { margin: 0; color: var(--muted); font-size: 13px; }
        .card .value { margin: 2px 0; font-size: 26px; font-weight: 700; }
        .card .note { margin: 0; color: var(--muted); font-size: 12px; }
        .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
        .columns section { margin-bottom: 16px; }
        .insights ul { list-style: none; margin: 0; padding: 0; }
        .insights li { padding: 8px 12px; margin-bottom: 6px; border-radius: 6px; background: #f9fafb; border-left: 4px solid var(--muted); }
        .insights li.positive { border-left-color: var(--good); background: #f0fdf4; }
        .insights li.warning { border-left-color: var(--warn); background: #fffbeb; }
        .badge { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; margin-right: 6px; color: var(--muted); }
        .positive .badge { color: var(--good); }
        .warning .badge { color: var(--warn); }
        .empty, .note, .muted { color: var(--muted); }
        .note { font-size: 13px; margin: 8px 0 0; }
        table { width: 100%; border-collapse: collapse; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); }
        th { font-size: 12px; color: var(--muted); font-weight: 600; }
        .number { text-align: right; font-variant-numeric: tabular-nums; }
        tr.total td { font-weight: 700; border-bottom: 0; }
        tr.below td { color: var(--bad); }
        .muted { font-size: 12px; }
        .pill { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; color: #fff; background: var(--muted); }
        .pill.high { background: #ea580c; }
        .pill.critical { background: #dc2626; }
        svg { max-width: 100%; height: auto; display: block; }
        svg.chart { width: 100%; }
        svg text { fill: var(--ink); font-size: 12px; font-family: inherit; }
        svg .tick, svg .date { fill: var(--muted); font-size: 11px; }
        svg .day { font-weight: 700; }
        svg .axis-title { fill: var(--muted); }
        svg .value { font-size: 11px; font-weight: 700; fill: var(--accent); paint-order: stroke; stroke: var(--paper); stroke-width: 3px; }
        .grid { stroke: var(--line); stroke-width: 1; }
        .axis { stroke: var(--muted); stroke-width: 1; }
        .series { fill: none; stroke-width: 2.5; stroke-linejoin: round; stroke-linecap: round; }
        .series.current { stroke: var(--accent); }
        .series.previous { stroke: var(--previous); stroke-dasharray: 6 5; }
        .dot.current { fill: var(--accent); }
        .dot.previous { fill: var(--paper); stroke: var(--previous); stroke-width: 2; }
        .bar.low { fill: #16a34a; } .bar.medium { fill: #d97706; } .bar.high { fill: #ea580c; } .bar.critical { fill: #dc2626; }
        .bar-value { font-weight: 700; }
        footer { color: var(--muted); font-size: 12px; margin-top: 8px; }
        @page { size: A4; margin: 12mm; }
        @media print {
          body { background: #fff; font-size: 12px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          main { max-width: none; padding: 0; }
          section, .card, tr { break-inside: avoid; }
          section { border-color: #d1d5db; padding: 10px 14px; margin-bottom: 10px; }
          .columns { gap: 10px; }
          .columns section { margin-bottom: 10px; }
          .cards { gap: 8px; margin-bottom: 10px; }
          h1 { font-size: 22px; }
          footer { break-before: avoid; }
        }
        @media (max-width: 700px) { .cards { grid-template-columns: repeat(2, 1fr); } .columns { grid-template-columns: 1fr; } }

        """
}
