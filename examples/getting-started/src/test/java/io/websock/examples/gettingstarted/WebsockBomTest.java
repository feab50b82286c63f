package io.websock.examples.gettingstarted;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * websock-bom manages exactly the published library modules: every module of the reactor that attaches a
 * {@code -sources} jar (maven-source-plugin in its own POM — what Central requires of a published jar), with
 * {@code ${project.version}}; and nothing else.
 */
class WebsockBomTest {

    private final Path root = Paths.get(System.getProperty("websock.root", "../..")).toAbsolutePath().normalize();

    @Test
    @DisplayName("websock-bom manages every published module, at the project's version, and nothing else")
    void bomListsThePublishedModules() throws Exception {
        TreeSet<String> published = new TreeSet<>();
        for (String module : children(read(root.resolve("pom.xml")).getDocumentElement(), "modules", "module")) {
            Path pom = root.resolve(module).resolve("pom.xml");
            if (Files.isRegularFile(pom) && declaresPlugin(read(pom), "maven-source-plugin")) {
                published.add(text(read(pom).getDocumentElement(), "artifactId"));
            }
        }
        assertThat(published).as("published modules (found by maven-source-plugin)").contains("websock-jakarta", "websock-cdi");

        Document bom = read(root.resolve("websock-bom/pom.xml"));
        TreeSet<String> managed = new TreeSet<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element dep = (Element) deps.item(i);
            assertThat(text(dep, "groupId")).isEqualTo("io.websock");
            assertThat(text(dep, "version")).as("version of %s in the BOM", text(dep, "artifactId")).isEqualTo("${project.version}");
            managed.add(text(dep, "artifactId"));
        }
        assertThat(managed).as("websock-bom's dependencyManagement").isEqualTo(published);
        assertThat(text(bom.getDocumentElement(), "version"))
                .as("websock-bom's version").isEqualTo(text((Element) read(root.resolve("pom.xml")).getDocumentElement(), "version"));
    }

    private static boolean declaresPlugin(Document pom, String artifactId) {
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            boolean inProfile = false;
            for (Node n = plugin.getParentNode(); n != null; n = n.getParentNode()) {
                inProfile |= n.getNodeName().equals("profile") || n.getNodeName().equals("pluginManagement");
            }
            if (!inProfile && artifactId.equals(text(plugin, "artifactId"))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> children(Element parent, String list, String item) {
        List<String> values = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(list)) {
                for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c.getNodeName().equals(item)) {
                        values.add(c.getTextContent().trim());
                    }
                }
            }
        }
        return values;
    }

    /** The text of {@code element}'s direct child {@code name}, or null. */
    private static String text(Element element, String name) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(name)) {
                return n.getTextContent().trim();
            }
        }
        return null;
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }
}
