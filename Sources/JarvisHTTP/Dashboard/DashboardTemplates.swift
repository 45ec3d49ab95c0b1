/// The dashboard's Mustache templates, compiled into the binary so that the release build stays
/// one file. `{{x}}` is HTML-escaped; `{{{x}}}` is used only for markup the dashboard made
/// itself (the page body, the SVG timeline).
enum DashboardTemplates {
    static let all: [String: String] = [
        "layout": layout, "signin": signIn, "overview": overview, "runs": runs,
        "schedules": schedules, "kiosks": kiosks, "reports": reports, "alerts": alerts,
    ]

    static let stylesheet = """
        :root{--ink:#1d2430;--muted:#5d6778;--line:#dde2ea;--bg:#f4f6f9;--card:#fff;--accent:#1f5fbf;
        --ok:#1e7d46;--bad:#b42318;--warn:#a15c00;--idle:#667085}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
        header{background:#14213d;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.2rem}
        header .brand{font-weight:700;font-size:1.1rem;letter-spacing:.02em}
        header nav{display:flex;flex-wrap:wrap;gap:.2rem .9rem;flex:1}
        header nav a{color:#d6e2ff;text-decoration:none;padding:.2rem 0;border-bottom:2px solid transparent}
        header nav a[aria-current=page]{color:#fff;border-bottom-color:#7fb0ff}
        header form{margin:0}
        header button{background:transparent;color:#fff;border:1px solid #6b7a99;border-radius:6px;padding:.3rem .7rem;font:inherit;cursor:pointer}
        main{max-width:1180px;margin:0 auto;padding:1rem}
        h1{font-size:1.4rem;margin:.4rem 0 1rem}
        h2{font-size:1.1rem;margin:1.4rem 0 .6rem}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(270px,1fr));gap:.8rem}
        .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.8rem 1rem}
        .card h3{margin:0 0 .3rem;font-size:1rem;display:flex;justify-content:space-between;gap:.5rem;align-items:baseline}
        .card dl{margin:.3rem 0 0;font-size:.93rem}
        .card dt{color:var(--muted);font-size:.74rem;text-transform:uppercase;letter-spacing:.04em;margin-top:.5rem}
        .card dd{margin:.05rem 0 0;overflow-wrap:break-word}
        .muted{color:var(--muted)}
        .nowrap{white-space:nowrap}
        code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eef1f6;padding:.05rem .3rem;border-radius:4px}
        .badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.8rem;font-weight:600;white-space:nowrap;background:#eef1f6;color:var(--idle)}
        .s-succeeded,.s-online,.s-active{background:#e3f4ea;color:var(--ok)}
        .s-failed,.s-timed_out,.s-offline,.s-error,.s-urgent,.s-abandoned{background:#fde8e6;color:var(--bad)}
        .s-running,.s-high{background:#fff1dc;color:var(--warn)}
        .s-paused,.s-dismissed{background:#e9ecf2;color:var(--idle)}
        .s-open{background:#fde8e6;color:var(--bad)}.s-acknowledged{background:#fff1dc;color:var(--warn)}.s-resolved{background:#e3f4ea;color:var(--ok)}
        td.actions form{display:flex;gap:.3rem;margin:0 0 .3rem}td.actions input[type=text]{min-width:10rem}
        .counts{display:flex;flex-wrap:wrap;gap:.8rem}
        .count{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.6rem 1rem;min-width:120px;color:inherit;text-decoration:none}
        .count b{display:block;font-size:1.6rem}
        .table{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:10px}
        table{border-collapse:collapse;width:100%;font-size:.92rem}
        th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
        th{background:#f8f9fb;color:var(--muted);font-weight:600;white-space:nowrap}
        tr:last-child td{border-bottom:0}
        td.num{text-align:right;white-space:nowrap}
        td.note{max-width:28rem;overflow-wrap:anywhere}
        form.inline{display:inline;margin:0}
        .filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:.8rem}
        label{display:block;font-size:.85rem;color:var(--muted)}
        input,select{font:inherit;padding:.4rem .5rem;border:1px solid #b8c0cc;border-radius:6px;background:#fff;max-width:100%}
        input[type=text]{width:100%}
        button{font:inherit;padding:.4rem .8rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
        button.secondary{background:#fff;color:var(--accent)}
        .actions{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.6rem}
        .notice{background:#e8f1ff;border:1px solid #b9d2fb;border-radius:8px;padding:.5rem .8rem;margin-bottom:.8rem}
        .error{background:#fde8e6;border:1px solid #f4b8b1;color:#7a1a10;border-radius:8px;padding:.5rem .8rem;margin:.5rem 0}
        ol.fires{margin:.3rem 0 0;padding-left:1.3rem;font-size:.92rem}
        .bar{height:.5rem;background:#e9ecf2;border-radius:4px;overflow:hidden;min-width:80px}
        .bar i{display:block;height:100%;background:var(--ok)}
        .signin{max-width:380px;margin:8vh auto}
        .signin input{width:100%;margin:.3rem 0 .8rem}
        svg.timeline{width:100%;height:auto;display:block}
        header form{margin-left:auto}
        @media (max-width:600px){main{padding:.6rem}h1{font-size:1.2rem}th,td{padding:.35rem .45rem}
        header nav{order:3;flex-basis:100%}
        .count{min-width:0;flex:1}
        .grid{grid-template-columns:1fr}.table table{min-width:640px}}
        """

    static let layout = """
        <!doctype html>
        <html lang="{{t.lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="same-origin">
        <title>{{heading}} · {{t.title}}</title>
        <style>{{{stylesheet}}}</style>
        </head>
        <body>
        <header>
        <span class="brand">Jarvis</span>
        {{#signedIn}}
        <nav aria-label="{{t.menu}}">{{#nav}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/nav}}</nav>
        <form method="post" action="/signout"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="sign-out">{{t.signOut}}</button></form>
        {{/signedIn}}
        </header>
        <main>
        {{{content}}}
        </main>
        </body>
        </html>
        """

    static let signIn = """
        <div class="signin card">
        <h1>{{t.signIn}}</h1>
        {{#failed}}<p class="error" role="alert">{{t.signInFailed}}</p>{{/failed}}
        {{#unavailable}}<p class="error" role="alert">{{t.signInUnavailable}}</p>{{/unavailable}}
        <p class="muted">{{t.signInHelp}}</p>
        <form method="post" action="/signin">
        <input type="hidden" name="token" value="{{token}}">
        <label for="secret">{{t.adminSecret}}</label>
        <input type="password" id="secret" name="secret" autocomplete="current-password" required autofocus>
        <button type="submit">{{t.signIn}}</button>
        </form>
        </div>
        """

    static let overview = """
        <h1>{{t.overview}}</h1>
        <section aria-labelledby="h-schedules">
        <h2 id="h-schedules">{{t.schedules}}</h2>
        <div class="grid">
        {{#schedules}}
        <article class="card schedule" data-schedule="{{id}}">
        <h3><span>{{id}}</span>{{#paused}}<span class="badge s-paused">{{t.paused}}</span>{{/paused}}{{^paused}}<span class="badge s-active">{{t.active}}</span>{{/paused}}</h3>
        <div class="muted">{{jobName}}</div>
        <dl>
        <dt>{{t.expression}}</dt><dd><code>{{cron}}</code></dd>
        <dt>{{t.meaning}}</dt><dd>{{meaning}}</dd>
        <dt>{{t.timeZone}}</dt><dd>{{zone}}</dd>
        <dt>{{t.nextFire}}</dt><dd class="next-fire">{{next}}{{#nextIn}} <span class="muted nowrap">({{nextIn}})</span>{{/nextIn}}</dd>
        <dt>{{t.lastRun}}</dt><dd>{{#lastRun}}<span class="badge s-{{statusCode}}">{{status}}</span> {{when}}{{#duration}} · {{duration}}{{/duration}}{{/lastRun}}{{^lastRun}}<span class="muted">{{t.noRunYet}}</span>{{/lastRun}}</dd>
        </dl>
        </article>
        {{/schedules}}
        </div>
        </section>
        <section aria-labelledby="h-kiosks">
        <h2 id="h-kiosks">{{t.kiosks}}</h2>
        <div class="counts">
        <a class="count" href="/kiosks"><b>{{kiosks.online}}</b><span class="badge s-online">{{t.online}}</span></a>
        <a class="count" href="/kiosks"><b>{{kiosks.offline}}</b><span class="badge s-offline">{{t.offline}}</span></a>
        <a class="count" href="/kiosks"><b>{{kiosks.other}}</b><span class="badge">{{t.otherStatus}}</span></a>
        </div>
        </section>
        <section aria-labelledby="h-alerts">
        <h2 id="h-alerts">{{t.openAlerts}} ({{alertTotal}})</h2>
        {{#hasAlerts}}
        <div class="table"><table>
        <thead><tr><th>{{t.priority}}</th><th>{{t.gym}}</th><th>{{t.note}}</th><th>{{t.since}}</th></tr></thead>
        <tbody>
        {{#alerts}}<tr><td><span class="badge s-{{priorityCode}}">{{priority}}</span></td><td>{{gym}}</td><td class="note"><span class="muted">{{type}}</span> · {{title}}</td><td class="nowrap">{{created}}</td></tr>{{/alerts}}
        </tbody></table></div>
        {{#moreAlerts}}<p class="muted"><a id="more-alerts" href="/alerts?status=open%2Cacknowledged">+ {{moreAlerts}} {{t.moreAlerts}}</a></p>{{/moreAlerts}}
        <p><a href="/alerts">{{t.allAlerts}}</a></p>
        {{/hasAlerts}}
        {{^hasAlerts}}<p class="muted">{{t.noOpenAlert}}</p>{{/hasAlerts}}
        </section>
        """

    static let runs = """
        <h1>{{t.runs}}</h1>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <section aria-labelledby="h-timeline">
        <h2 id="h-timeline">{{t.recentRuns}}</h2>
        <div class="card">{{{timeline}}}<p class="muted">{{t.recentRunsHelp}}</p></div>
        </section>
        <h2>{{t.runs}}</h2>
        <form class="filters" method="get" action="/runs">
        <div><label for="f-job">{{t.job}}</label><select id="f-job" name="job"><option value="">{{t.allJobs}}</option>{{#jobs}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/jobs}}</select></div>
        <div><label for="f-status">{{t.status}}</label><select id="f-status" name="status"><option value="">{{t.allStatuses}}</option>{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></div>
        <div><button type="submit">{{t.filter}}</button></div>
        </form>
        {{#hasRuns}}
        <div class="table"><table id="runs">
        <thead><tr><th>#</th><th>{{t.job}}</th><th>{{t.status}}</th><th>{{t.trigger}}</th><th>{{t.slot}}</th><th>{{t.started}}</th><th>{{t.duration}}</th><th>{{t.note}}</th><th></th></tr></thead>
        <tbody>
        {{#runs}}<tr data-run="{{id}}" data-job="{{job}}" data-status="{{statusCode}}"><td class="num">{{id}}</td><td class="nowrap">{{job}}{{#attempt}} <span class="muted">({{t.attempt}} {{attempt}})</span>{{/attempt}}</td><td><span class="badge s-{{statusCode}}">{{status}}</span>{{#dead}} <span class="muted">{{t.dead}}</span>{{/dead}}</td><td>{{trigger}}</td><td>{{slot}}</td><td class="nowrap">{{started}}</td><td class="num">{{duration}}</td><td class="note">{{note}}</td><td>{{#retryable}}<form class="inline" method="post" action="/runs/{{id}}/retry"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="secondary">{{t.retry}}</button></form>{{/retryable}}</td></tr>{{/runs}}
        </tbody></table></div>
        {{/hasRuns}}
        {{^hasRuns}}<p class="muted">{{t.noRuns}}</p>{{/hasRuns}}
        """

    static let schedules = """
        <h1>{{t.schedules}}</h1>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        <div class="grid">
        {{#schedules}}
        <article class="card schedule" id="schedule-{{id}}" data-schedule="{{id}}">
        <h3><span>{{id}}</span>{{#paused}}<span class="badge s-paused">{{t.paused}}</span>{{/paused}}{{^paused}}<span class="badge s-active">{{t.active}}</span>{{/paused}}</h3>
        <div class="muted">{{jobName}} · {{meaning}}</div>
        <form method="post" action="/schedules/{{id}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="cron-{{id}}">{{t.expression}}</label>
        <input type="text" id="cron-{{id}}" name="cron" value="{{cron}}" required maxlength="200" spellcheck="false" autocapitalize="off">
        <label for="tz-{{id}}">{{t.timeZone}}</label>
        <input type="text" id="tz-{{id}}" name="timezone" value="{{timezone}}" placeholder="{{defaultZone}} ({{t.defaultZone}})" maxlength="64" spellcheck="false" autocapitalize="off">
        {{#error}}<p class="error" role="alert">{{t.invalidExpression}} {{error}}</p>{{/error}}
        {{#hasPreview}}<div class="preview"><strong>{{t.nextFives}}</strong> <span class="muted">{{previewMeaning}}</span><ol class="fires">{{#preview}}<li>{{.}}</li>{{/preview}}</ol></div>{{/hasPreview}}
        <div class="actions">
        <button type="submit" name="action" value="preview" class="secondary">{{t.preview}}</button>
        <button type="submit" name="action" value="save">{{t.save}}</button>
        </div>
        </form>
        <div class="actions">
        <form class="inline" method="post" action="/schedules/{{id}}/{{#paused}}resume{{/paused}}{{^paused}}pause{{/paused}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="secondary">{{#paused}}{{t.resume}}{{/paused}}{{^paused}}{{t.pause}}{{/paused}}</button></form>
        <form class="inline" method="post" action="/schedules/{{id}}/run"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="secondary">{{t.runNow}}</button></form>
        </div>
        <p class="muted">{{t.nextFire}} : <span class="next-fire nowrap">{{next}}</span></p>
        </article>
        {{/schedules}}
        </div>
        """

    static let kiosks = """
        <h1>{{t.kiosks}}</h1>
        <div class="counts">
        <div class="count"><b>{{counts.online}}</b><span class="badge s-online">{{t.online}}</span></div>
        <div class="count"><b>{{counts.offline}}</b><span class="badge s-offline">{{t.offline}}</span></div>
        <div class="count"><b>{{counts.other}}</b><span class="badge">{{t.otherStatus}}</span></div>
        </div>
        <h2>{{t.kiosks}}</h2>
        {{#hasKiosks}}
        <div class="table"><table id="kiosks">
        <thead><tr><th>{{t.gym}}</th><th>{{t.kiosk}}</th><th>{{t.status}}</th><th>{{t.lastHeartbeat}}</th><th>{{t.uptime7Days}}</th></tr></thead>
        <tbody>
        {{#kiosks}}<tr data-kiosk="{{slug}}"><td>{{gym}}</td><td>{{name}} <span class="muted">{{slug}}</span></td><td><span class="badge s-{{statusCode}}">{{status}}</span></td><td>{{lastHeartbeat}}{{#ago}} <span class="muted nowrap">({{ago}})</span>{{/ago}}</td><td>{{#uptime}}<div class="num">{{uptime}}</div><div class="bar"><i style="width:{{uptimeWidth}}%"></i></div>{{/uptime}}{{^uptime}}<span class="muted">—</span>{{/uptime}}</td></tr>{{/kiosks}}
        </tbody></table></div>
        {{/hasKiosks}}
        {{^hasKiosks}}<p class="muted">{{t.noKiosk}}</p>{{/hasKiosks}}
        """

    static let reports = """
        <h1>{{t.reports}}</h1>
        {{#hasGyms}}
        {{#gyms}}
        <h2>{{name}} <span class="muted">{{slug}}</span></h2>
        <div class="table"><table>
        <thead><tr><th>{{t.week}}</th><th>{{t.period}}</th><th>{{t.generatedAt}}</th><th></th></tr></thead>
        <tbody>
        {{#reports}}<tr><td>{{week}}</td><td>{{period}}</td><td>{{generated}}</td><td>{{#href}}<a href="{{href}}">{{t.open}}</a>{{/href}}</td></tr>{{/reports}}
        </tbody></table></div>
        {{/gyms}}
        {{/hasGyms}}
        {{^hasGyms}}<p class="muted">{{t.noReport}}</p>{{/hasGyms}}
        """

    /// The forms of one alert carry the page's filters back (`{{> filters}}` is not used: the
    /// templates have no partials).
    static let alerts = """
        <h1>{{t.alerts}}</h1>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form class="filters" method="get" action="/alerts">
        <div><label for="f-gym">{{t.gym}}</label><input type="text" id="f-gym" name="gym" value="{{gym}}" placeholder="slug" maxlength="64" spellcheck="false" autocapitalize="off"></div>
        <div><label for="f-type">{{t.type}}</label><select id="f-type" name="type"><option value="">{{t.allTypes}}</option>{{#types}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/types}}</select></div>
        <div><label for="f-status">{{t.status}}</label><select id="f-status" name="status"><option value="">{{t.allStatuses}}</option>{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></div>
        <div><label for="f-priority">{{t.priority}}</label><select id="f-priority" name="priority"><option value="">{{t.allPriorities}}</option>{{#priorities}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/priorities}}</select></div>
        <div><button type="submit">{{t.filter}}</button></div>
        </form>
        {{#hasAlerts}}
        <div class="table"><table id="alerts">
        <thead><tr><th>#</th><th>{{t.priority}}</th><th>{{t.gym}}</th><th>{{t.status}}</th><th>{{t.alert}}</th><th>{{t.createdAt}}</th><th></th></tr></thead>
        <tbody>
        {{#alerts}}<tr id="alert-{{id}}" data-alert="{{id}}" data-status="{{statusCode}}"><td class="num">{{id}}</td><td><span class="badge s-{{priorityCode}}">{{priority}}</span></td><td>{{gym}}</td><td><span class="badge s-{{statusCode}} alert-status">{{status}}</span></td><td class="note"><span class="muted">{{type}}</span> · <strong>{{title}}</strong>{{#message}}<div>{{message}}</div>{{/message}}{{#note}}<div class="muted alert-note">{{t.managerNote}} : {{note}}</div>{{/note}}</td><td class="nowrap">{{created}}</td><td class="actions">
        {{#canAcknowledge}}<form method="post" action="/alerts/{{id}}/acknowledge"><input type="hidden" name="csrf" value="{{csrf}}">{{#filters}}<input type="hidden" name="gym" value="{{gym}}"><input type="hidden" name="type" value="{{type}}"><input type="hidden" name="status" value="{{status}}"><input type="hidden" name="priority" value="{{priority}}"><input type="hidden" name="cursor" value="{{cursor}}">{{/filters}}<button type="submit" class="secondary acknowledge">{{t.acknowledge}}</button></form>{{/canAcknowledge}}
        {{#canClose}}<form method="post" action="/alerts/{{id}}/resolve"><input type="hidden" name="csrf" value="{{csrf}}">{{#filters}}<input type="hidden" name="gym" value="{{gym}}"><input type="hidden" name="type" value="{{type}}"><input type="hidden" name="status" value="{{status}}"><input type="hidden" name="priority" value="{{priority}}"><input type="hidden" name="cursor" value="{{cursor}}">{{/filters}}<input type="text" name="note" aria-label="{{t.resolutionNote}}" placeholder="{{t.resolutionNote}}" required maxlength="2000"><button type="submit" class="resolve">{{t.resolve}}</button></form>
        <form method="post" action="/alerts/{{id}}/dismiss"><input type="hidden" name="csrf" value="{{csrf}}">{{#filters}}<input type="hidden" name="gym" value="{{gym}}"><input type="hidden" name="type" value="{{type}}"><input type="hidden" name="status" value="{{status}}"><input type="hidden" name="priority" value="{{priority}}"><input type="hidden" name="cursor" value="{{cursor}}">{{/filters}}<button type="submit" class="secondary dismiss">{{t.dismiss}}</button></form>{{/canClose}}
        {{#canReopen}}<form method="post" action="/alerts/{{id}}/reopen"><input type="hidden" name="csrf" value="{{csrf}}">{{#filters}}<input type="hidden" name="gym" value="{{gym}}"><input type="hidden" name="type" value="{{type}}"><input type="hidden" name="status" value="{{status}}"><input type="hidden" name="priority" value="{{priority}}"><input type="hidden" name="cursor" value="{{cursor}}">{{/filters}}<button type="submit" class="secondary reopen">{{t.reopen}}</button></form>{{/canReopen}}
        </td></tr>{{/alerts}}
        </tbody></table></div>
        <p class="actions">{{#firstPage}}<a href="{{firstPage}}">{{t.firstPage}}</a>{{/firstPage}} {{#nextPage}}<a id="next-page" href="{{nextPage}}">{{t.nextPage}}</a>{{/nextPage}}</p>
        {{/hasAlerts}}
        {{^hasAlerts}}<p class="muted">{{t.noAlerts}}</p>{{/hasAlerts}}
        """
}
