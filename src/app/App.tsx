export function App() {
  return (
    <main>
      <h1>Genrescope</h1>
      <p>Music analysis and genre classification that runs entirely on your device.</p>
    </main>
  );
}
