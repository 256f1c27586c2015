export default function RecordsPage() {
  return <div>RecordsPage</div>;
}
