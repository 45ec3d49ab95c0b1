import JarvisCore
import Testing

@Suite("HTML templates")
struct HTMLTemplatesTests {
    struct View {
        var name: String
        var chart: String
    }

    @Test func doubleMustachesEscapeAndTripleMustachesInsertAsIs() throws {
        let templates = try HTMLTemplates(["page": "<p title=\"{{name}}\">{{name}}</p>{{{chart}}}"])
        let page = try templates.render(View(name: "<b>Muscu & \"Co\"</b> l'été", chart: "<svg></svg>"), template: "page")
        #expect(
            page
                == "<p title=\"&lt;b&gt;Muscu &amp; &quot;Co&quot;&lt;/b&gt; l&#39;été\">&lt;b&gt;Muscu &amp; &quot;Co&quot;&lt;/b&gt; l&#39;été</p><svg></svg>"
        )
    }

    @Test func escapeIsTheEscapingOfTheTemplates() throws {
        let templates = try HTMLTemplates(["page": "{{name}}"])
        let hostile = "<script>alert('x') && \"y\"</script>"
        #expect(HTMLTemplates.escape(hostile) == (try templates.render(View(name: hostile, chart: ""), template: "page")))
        #expect(HTMLTemplates.escape(hostile) == "&lt;script&gt;alert(&#39;x&#39;) &amp;&amp; &quot;y&quot;&lt;/script&gt;")
    }

    @Test func aTemplateThatDoesNotParseIsRefusedWithItsName() {
        #expect {
            try HTMLTemplates(["broken": "{{#open}} never closed"])
        } throws: { error in
            (error as? HTMLTemplateError)?.code == .doesNotParse && (error as? HTMLTemplateError)?.template == "broken"
        }
    }

    @Test func anUnknownTemplateIsAnError() throws {
        let templates = try HTMLTemplates(["page": "{{name}}"])
        #expect {
            try templates.render(View(name: "", chart: ""), template: "other")
        } throws: { error in
            (error as? HTMLTemplateError)?.code == .unknownTemplate
        }
    }
}
