import java.io.*;
import java.lang.reflect.*;
import java.nio.file.*;

/** Prints the description and final accuracy of stored fig3/supp8 networks (read-only peek at a run store). */
public class PeekStore {
    public static void main(String[] args) throws Exception {
        for (String name : args) {
            Path file = Path.of(name);
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
                String description = in.readUTF();
                Object result = in.readObject();
                Object accuracy = result;
                for (Method m : result.getClass().getDeclaredMethods()) {
                    if (m.getName().equals("accuracy")) { m.setAccessible(true); accuracy = m.invoke(result); }
                }
                String text = accuracy == result ? "(no accuracy component)" : accuracy.toString();
                System.out.println(file.getFileName() + "  " + description + "  " + text);
            }
        }
    }
}
